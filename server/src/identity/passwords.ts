import { hash, verify } from '@node-rs/argon2'
import { type FieldError, Problem } from '../http/problem.ts'

export const minPasswordLength = 12

// @node-rs/argon2 defaults to argon2id (m=19456 KiB, t=2, p=1), OWASP's recommended minimum.
export function hashPassword(password: string): Promise<string> {
  return hash(password)
}

// Compared against when the e-mail is unknown, so a miss costs as much time as a hit.
const decoyHash = hash('decoy password for unknown accounts')

export async function verifyPassword(
  storedHash: string | null,
  password: string,
): Promise<boolean> {
  if (!storedHash) {
    await verify(await decoyHash, password).catch(() => false)
    return false
  }
  return verify(storedHash, password).catch(() => false)
}

/** The password rule: 12+ characters and none of the person's own name or e-mail in it. */
export function passwordProblems(
  password: string,
  person: { email: string; name: string },
  pointer: string,
): FieldError[] {
  if (password.length < minPasswordLength) {
    return [
      {
        pointer,
        reason: 'too-short',
        detail: `must be at least ${minPasswordLength} characters long`,
      },
    ]
  }
  const lower = password.toLowerCase()
  const [local = ''] = person.email.toLowerCase().split('@')
  const personal = [
    person.email.toLowerCase(),
    local,
    ...person.name.toLowerCase().split(/[\s.\-_']+/),
  ]
  if (personal.some((part) => part.length >= 3 && lower.includes(part))) {
    return [
      {
        pointer,
        reason: 'personal-information',
        detail: 'must not contain your name or e-mail address',
      },
    ]
  }
  return []
}

/** Refuses a password that does not meet the rule, naming the field. */
export function assertPassword(
  password: string,
  person: { email: string; name: string },
  pointer = '/body/password',
): void {
  const problems = passwordProblems(password, person, pointer)
  if (problems.length > 0)
    throw Problem.validation(problems, 'The password does not meet the rule.')
}
