import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * The folders to cover so that every one of `hide` is hidden, naming as few as possible: where
 * every entry of a folder is to be hidden (a class's `submissions/` folder, all of it graded), the
 * folder itself is covered instead of each entry. A run's `/proc/self/mountinfo` lists what is
 * covered, so it then shows `…/submissions`, not the names of the classmates in it. A folder that
 * holds anything else (the lab, the grader) keeps its entries covered one by one.
 */
export function foldersToCover(hide: readonly string[]): string[] {
  const wanted = new Set(hide)
  const byParent = new Map<string, string[]>()
  for (const dir of wanted) {
    const parent = dirname(dir)
    if (parent === dir) continue
    byParent.set(parent, [...(byParent.get(parent) ?? []), dir])
  }
  const out = new Set(wanted)
  for (const [parent, children] of byParent) {
    let entries: string[]
    try {
      entries = readdirSync(parent)
    } catch {
      continue
    }
    if (parent === '/' || !entries.every((name) => wanted.has(join(parent, name)))) continue
    for (const child of children) out.delete(child)
    out.add(parent)
  }
  return [...out]
}
