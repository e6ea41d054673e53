// Before the CLI's tests: the CLI under test, bundled once from its sources (and every workspace
// package's, through the "@proclife/source" condition) into one JavaScript file that a plain `node`
// runs. Started through tsx instead, each of the hundreds of CLI processes these tests start loaded
// ~400 modules through tsx's loader: `proclife --version` took 1.15 s of wall and 1.5 s of CPU on a
// quiet machine; from the bundle 0.27 s and 0.2 s.
//
// The code is the same code: esbuild only joins the modules. What a module finds next to itself
// (the sentinel's C sources, the checkpoint helpers, tsx for a TypeScript fixture) it finds through
// `import.meta.url`, which in a bundle would be the bundle's own URL: the plugin below gives each
// module back its own, so every path resolves from where the source file is, as under tsx.
import { mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build, type Plugin } from 'esbuild'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The bundled CLI: `node <cliBundle> <args>` runs `proclife <args>` from the sources. */
    cliBundle: string
  }
}

const cliRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** Each module keeps its own `import.meta.url` (its source file's URL) inside the bundle. */
const ownImportMetaUrl: Plugin = {
  name: 'own-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8')
      if (!text.includes('import.meta.url')) return undefined
      const loader = /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js'
      return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader }
    })
  },
}

/** Bundles `src/bin.ts` into `node_modules/.cache/proclife-cli-under-test/bin.mjs`; returns its path. */
export const bundleCli = async (): Promise<string> => {
  const outDir = join(cliRoot, 'node_modules', '.cache', 'proclife-cli-under-test')
  mkdirSync(outDir, { recursive: true })
  const outfile = join(outDir, 'bin.mjs')
  await build({
    entryPoints: [join(cliRoot, 'src', 'bin.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@proclife/source'],
    // A CommonJS dependency's require() of a Node built-in, inside an ES module bundle.
    banner: {
      js: "import { createRequire as __proclifeRequire } from 'node:module'; const require = __proclifeRequire(import.meta.url);",
    },
    plugins: [ownImportMetaUrl],
    logLevel: 'error',
  })
  return outfile
}

export default async function setup(project: TestProject): Promise<void> {
  project.provide('cliBundle', await bundleCli())
}
