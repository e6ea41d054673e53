import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Absolute path of a fixture under test/fixtures. */
export const fixture = (name: string): string => join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', name)
