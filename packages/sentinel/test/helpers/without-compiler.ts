import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'

/** A C compiler's name: cc, gcc-12, x86_64-linux-gnu-gcc, clang-16, musl-gcc, tcc, cpp, … */
const COMPILER = /(^|-)(cc|c89|c99|gcc|g\+\+|c\+\+|clang|clang\+\+|tcc|cpp)(-[\d.]+)?$/

/**
 * A PATH with everything of `path` but C compilers: one folder of links to each program of each
 * folder of `path` (the first of a name wins, as on PATH), leaving out every compiler. What a
 * `node:20-slim` image or a CI container without build tools has. `remove()` deletes the folder.
 */
export function pathWithoutCompiler(path: string = process.env['PATH'] ?? ''): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'proclife-no-cc-'))
  const linked = new Set<string>()
  for (const folder of path.split(delimiter)) {
    if (!folder || !existsSync(folder)) continue
    for (const name of readdirSync(folder)) {
      if (COMPILER.test(name) || linked.has(name)) continue
      linked.add(name)
      symlinkSync(join(folder, name), join(dir, name))
    }
  }
  return { path: dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
