import request from 'supertest'
import { expect, it } from 'vitest'
import { runScript, serverStorage, startServer } from '../support/server-process.ts'

const demoPassword = 'workshop password 2026'
const demoUsers = [
  'admin@demo.local',
  'trainer@demo.local',
  'coordinator@demo.local',
  'learner@demo.local',
]

it('npm run seed:demo creates one user per role once; each can then sign in', async () => {
  const storage = await serverStorage()
  try {
    const first = await runScript('scripts/seed-demo.ts', {
      ...storage.env,
      DEMO_PASSWORD: demoPassword,
    }).exit
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('Created 4 demo user(s) with DEMO_PASSWORD')
    for (const email of demoUsers) expect(first.stdout).toContain(email)
    expect(first.stdout).not.toContain(demoPassword)

    const second = await runScript('scripts/seed-demo.ts', {
      ...storage.env,
      DEMO_PASSWORD: 'another workshop password',
    }).exit
    expect(second.code).toBe(0)
    expect(second.stdout.trim()).toBe('Demo users exist already; nothing changed.')

    const server = await startServer(storage.env)
    try {
      const roles: string[][] = []
      for (const email of demoUsers) {
        const response = await request(server.url)
          .post('/api/v1/auth/login')
          .send({ email, password: demoPassword })
        expect(response.status, email).toBe(200)
        roles.push((response.body as { user: { roles: string[] } }).user.roles)
      }
      expect(roles).toEqual([['admin'], ['trainer'], ['coordinator'], ['learner']])
    } finally {
      await server.stop()
    }
  } finally {
    await storage.drop()
  }
})

it('without DEMO_PASSWORD, prints a fresh password for each user once', async () => {
  const storage = await serverStorage()
  try {
    const result = await runScript('scripts/seed-demo.ts', { ...storage.env, DEMO_PASSWORD: '' })
      .exit
    expect(result.code).toBe(0)
    const passwords = [...result.stdout.matchAll(/@demo\.local\s+(\S+)/g)].map((match) => match[1]!)
    expect(passwords).toHaveLength(4)
    expect(new Set(passwords).size).toBe(4)
    for (const password of passwords) expect(password.length).toBeGreaterThanOrEqual(12)
  } finally {
    await storage.drop()
  }
})
