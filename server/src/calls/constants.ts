// Pure: the web reads these through the contract (@agora/server/contract).

/**
 * Fields Agora knows the meaning of: their answers feed the selection (position, municipality,
 * languages) or are kept apart as declared sensitive data (gender, community). Their key is their
 * kind, so each appears at most once.
 */
export const builtInFieldKinds = [
  'position',
  'municipality',
  'motivation',
  'prior-training',
  'council-membership',
  'languages',
] as const
/** Sensitive, declared by choice: never required, seen only by the coordinators selecting. */
export const declaredFieldKinds = ['gender', 'community'] as const
export const customFieldKinds = ['text', 'choice', 'yes-no', 'number'] as const
export const formFieldKinds = [
  ...builtInFieldKinds,
  ...declaredFieldKinds,
  ...customFieldKinds,
] as const
export type FormFieldKind = (typeof formFieldKinds)[number]
