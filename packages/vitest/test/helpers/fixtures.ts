import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const own = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures')
// The runner's test fixtures (zombie.py, double-fork.py, ignore-term.py, exit-code.js, …) serve
// these tests too; only the fixtures this package needs alone live under its own test/fixtures.
const runners = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'runner', 'test', 'fixtures')

/** Absolute path of a fixture: this package's own, else the runner's test fixture of that name. */
export const fixture = (name: string): string => (existsSync(join(own, name)) ? join(own, name) : join(runners, name))
