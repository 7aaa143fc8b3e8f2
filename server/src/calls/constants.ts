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

/** Facts about one person: a municipality call asks them of each nominee, never once for all. */
export const personalFieldKinds = ['position', 'languages', ...declaredFieldKinds] as const
export const isPersonalKind = (kind: FormFieldKind): boolean =>
  (personalFieldKinds as readonly string[]).includes(kind)

/**
 * What an answer to each kind is: text, a choice's value (gender and community too), yes/no, a
 * number, a municipality id, or a list of language tags.
 */
export const answerTypeOfKind: Record<
  FormFieldKind,
  'text' | 'choice' | 'boolean' | 'number' | 'municipality' | 'languages'
> = {
  position: 'text',
  municipality: 'municipality',
  motivation: 'text',
  'prior-training': 'text',
  'council-membership': 'boolean',
  languages: 'languages',
  gender: 'choice',
  community: 'choice',
  text: 'text',
  choice: 'choice',
  'yes-no': 'boolean',
  number: 'number',
}
