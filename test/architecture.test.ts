// The packages' imports run one way (docs/architecture.md): proctable ← report ← sentinel ← runner
// ← vitest, grader ← cli. Read from the code: every `@proclife/…` a package's src/ imports is one
// of its declared dependencies, every dependency is on a lower layer (so there is no cycle), and no
// file of one package imports a file of another by path (a package is used by name, never its src/).
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const packages = resolve(import.meta.dirname, '..', 'packages')

/** Each package's folder, its name and its `@proclife/…` dependencies (platform packages left out: no code). */
const manifests = readdirSync(packages).flatMap((dir) => {
  const manifest = JSON.parse(readFileSync(join(packages, dir, 'package.json'), 'utf8')) as {
    name: string
    cpu?: string[]
    dependencies?: Record<string, string>
  }
  if (manifest.cpu) return []
  return [
    {
      dir,
      name: manifest.name,
      dependsOn: Object.keys(manifest.dependencies ?? {}).filter((d) => d.startsWith('@proclife/') || d === 'proclife'),
    },
  ]
})

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sources(path)
    return /\.(ts|mjs)$/.test(entry.name) ? [path] : []
  })
}

/** The module specifiers of a file's static imports and re-exports. */
const specifiers = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+'([^']+)'/gm)].map((m) => m[1]!)

/** Each package's layer (docs/architecture.md): a package may depend only on packages of lower layers. */
const LAYERS: Record<string, number> = {
  '@proclife/proctable': 0,
  '@proclife/report': 1,
  '@proclife/sentinel': 2,
  '@proclife/runner': 3,
  '@proclife/vitest': 4,
  '@proclife/grader': 4,
  proclife: 5,
}

describe('the packages', () => {
  it('each have a layer, and depend only on packages of lower layers', () => {
    expect(manifests.map((m) => m.name).sort()).toEqual(Object.keys(LAYERS).sort())
    const upward = manifests.flatMap((m) =>
      m.dependsOn
        .filter((d) => !/^@proclife\/sentinel-\w+-\w+$/.test(d) && !(LAYERS[d]! < LAYERS[m.name]!))
        .map((d) => `${m.name} → ${d}`),
    )
    expect(upward).toEqual([])
    expect(manifests.find((m) => m.name === '@proclife/runner')?.dependsOn).toContain('@proclife/sentinel')
  })

  it.each(manifests.map((m) => [m.name, m] as const))(
    '%s imports only the packages it declares, and none of them by path',
    (_, { dir, name, dependsOn }) => {
      const root = join(packages, dir)
      const problems: string[] = []
      for (const file of sources(join(root, 'src'))) {
        for (const spec of specifiers(file)) {
          const where = relative(packages, file)
          const named = /^(@proclife\/[^/]+|proclife)(\/|$)/.exec(spec)?.[1]
          if (named !== undefined && named !== name && !dependsOn.includes(named))
            problems.push(`${where} imports ${spec}, not a dependency of ${name}`)
          if (spec.startsWith('.') && !resolve(file, '..', spec).startsWith(`${root}/`))
            problems.push(`${where} imports ${spec}, a file of another package`)
        }
      }
      expect(problems).toEqual([])
    },
  )
})
