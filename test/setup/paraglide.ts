import { execFileSync } from 'node:child_process'

// The web's unit tests import the message functions paraglide generates from web/messages.
export default function setup(): void {
  execFileSync('npm', ['run', 'i18n', '-w', 'web'], { stdio: 'ignore' })
}
