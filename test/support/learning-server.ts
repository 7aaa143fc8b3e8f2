import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { repoRoot, runScript, serverStorage, startServer } from './server-process.ts'

/** The demo users' password in the learning suites. */
export const demoPassword = 'a-long-demo-password-1'

export interface LearningServer {
  url: string
  /** Where the server keeps its data; e-mails are written to `<dataDir>/outbox` as .eml files. */
  dataDir: string
  /** An API call that must succeed; the failure message names the call and its answer. */
  api<T>(path: string, init?: RequestInit & { token?: string }): Promise<T>
  /** A demo user's access token. */
  login(email: string): Promise<string>
  /** Makes the demo trainer a trainer of civic-basics, as the demo admin. */
  assignDemoTrainer(): Promise<void>
  close(): Promise<void>
}

/**
 * The real server on a fresh database with the demo users (`npm run seed:demo`) and one course,
 * the civic-basics fixture: what the learning browser suites start from.
 */
export async function startLearningServer(
  options: { env?: Record<string, string> } = {},
): Promise<LearningServer> {
  const storage = await serverStorage()
  const seeded = await runScript(
    'scripts/seed-demo.ts',
    {
      ...storage.env,
      DEMO_PASSWORD: demoPassword,
    },
    ['--users-only'],
  ).exit
  expect(seeded.code, seeded.stderr).toBe(0)
  const coursesDir = mkdtempSync(join(tmpdir(), 'agora-courses-'))
  cpSync(join(repoRoot, 'test/fixtures/learning/civic-basics'), join(coursesDir, 'civic-basics'), {
    recursive: true,
  })
  const server = await startServer({ ...storage.env, COURSES_DIR: coursesDir, ...options.env })

  async function api<T>(path: string, init: RequestInit & { token?: string } = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (init.body) headers['content-type'] = 'application/json'
    if (init.token) headers.authorization = `Bearer ${init.token}`
    const response = await fetch(server.url + '/api/v1' + path, { ...init, headers })
    expect(
      response.ok,
      `${init.method ?? 'GET'} ${path}: ${response.status} ${await response.clone().text()}`,
    ).toBe(true)
    return (response.status === 204 ? undefined : await response.json()) as T
  }
  const login = async (email: string) =>
    (
      await api<{ accessToken: string }>('/auth/login', {
        method: 'POST',
        body: JSON.stringify({ email, password: demoPassword }),
      })
    ).accessToken

  return {
    url: server.url,
    dataDir: storage.env.AGORA_DATA_DIR!,
    api,
    login,
    async assignDemoTrainer() {
      const admin = await login('admin@demo.local')
      const users = await api<{ items: { id: string; email: string }[] }>('/users?q=trainer', {
        token: admin,
      })
      const trainer = users.items.find((user) => user.email === 'trainer@demo.local')!
      await api(`/courses/civic-basics/trainers/${trainer.id}`, { method: 'PUT', token: admin })
    },
    async close() {
      await server.stop()
      await storage.drop()
      rmSync(coursesDir, { recursive: true, force: true })
    },
  }
}
