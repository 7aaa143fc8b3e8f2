import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A random secret kept in `fileName` beside the embedded database, made on first use: what a local
 * installation uses for a secret setting left unset (allowed outside production), so that what it
 * protects (sessions, signing keys) survives a restart.
 */
export function localSecret(dataDir: string, fileName: string): string {
  const file = join(dataDir, fileName)
  try {
    const secret = readFileSync(file, 'utf8').trim()
    if (secret.length >= 32) return secret
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  mkdirSync(dataDir, { recursive: true })
  const secret = randomBytes(48).toString('base64url')
  writeFileSync(file, secret, { mode: 0o600 })
  return secret
}
