import { createHash } from 'node:crypto'
import { chmod, mkdir, open, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { execa } from 'execa'
import { SENTINEL_CFLAGS, sentinelSourceDir, sentinelSourceHash } from './build-sentinel.js'
import { PREBUILT_BINARY, PREBUILT_MANIFEST, prebuiltPackageName, type PrebuiltManifest } from './prebuilt.js'

/**
 * Linked statically, so that one binary serves glibc and musl (Alpine) alike: the sentinel calls
 * only the kernel (no name service, no dlopen), so static glibc has nothing to load at run time.
 * Stripped: the symbols are not needed to run it and are two thirds of its size.
 */
export const PREBUILT_LDFLAGS: readonly string[] = ['-static', '-s']

/** One architecture a platform package is built for. */
export interface PrebuiltTarget {
  /** `process.arch`. */
  readonly arch: 'x64' | 'arm64'
  /** ELF `e_machine` of its binaries. */
  readonly machine: number
  /** The cross compiler on Debian, and the package that has it (with its static C library). */
  readonly crossCompiler: string
  readonly debianPackage: string
}

/** The platforms with a package of their own. */
export const PREBUILT_TARGETS: readonly PrebuiltTarget[] = [
  { arch: 'x64', machine: 62, crossCompiler: 'x86_64-linux-gnu-gcc', debianPackage: 'gcc-x86-64-linux-gnu' },
  { arch: 'arm64', machine: 183, crossCompiler: 'aarch64-linux-gnu-gcc', debianPackage: 'gcc-aarch64-linux-gnu' },
]

/** The compiler that builds for `target` here: `cc` for this machine's own architecture, else the cross compiler. */
export function compilerFor(target: PrebuiltTarget): string {
  return target.arch === process.arch ? (process.env.CC ?? 'cc') : target.crossCompiler
}

/**
 * Compiles the sentinel statically for one architecture into a platform package's folder
 * (`bin/proclife-sentinel`) and writes its `sentinel.json`: the sources' hash, the binary's
 * sha256 and size, the compiler and flags. Refuses a binary that is not for `target`'s machine or
 * that asks for a program interpreter (not static).
 *
 * @returns the manifest written.
 */
export async function buildPrebuiltSentinel(
  target: PrebuiltTarget,
  packageDir: string,
  compiler = compilerFor(target),
): Promise<PrebuiltManifest> {
  const { version } = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { version: string }
  const sourceDir = sentinelSourceDir()
  const sources = await sentinelSourceHash(sourceDir)
  const identity = await execa(compiler, ['--version'])
  const binary = join(packageDir, PREBUILT_BINARY)
  await mkdir(join(packageDir, 'bin'), { recursive: true })
  await rm(binary, { force: true })
  const cFiles = (await readdir(sourceDir)).filter((name) => name.endsWith('.c')).sort()
  const flags = [...SENTINEL_CFLAGS, ...PREBUILT_LDFLAGS]
  await execa(compiler, [...flags, '-o', binary, ...cFiles], { cwd: sourceDir })
  const elf = await elfFacts(binary)
  if (elf.machine !== target.machine)
    throw new Error(`${binary}: ELF machine ${elf.machine}, expected ${target.machine} (${target.arch})`)
  if (elf.interpreter)
    throw new Error(
      `${binary} is dynamically linked (it has a program interpreter): is the static C library installed?`,
    )
  await chmod(binary, 0o755)
  const bytes = await readFile(binary)
  const manifest: PrebuiltManifest = {
    package: prebuiltPackageName('linux', target.arch),
    version,
    platform: 'linux',
    arch: target.arch,
    sources,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.length,
    static: true,
    compiler: String(identity.stdout).split('\n')[0] ?? compiler,
    flags,
  }
  await writeFile(join(packageDir, PREBUILT_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`)
  return manifest
}

/** The ELF header's machine, and whether a program header asks for an interpreter (PT_INTERP: dynamic linking). */
async function elfFacts(path: string): Promise<{ machine: number; interpreter: boolean }> {
  const file = await open(path)
  try {
    const header = Buffer.alloc(64)
    await file.read(header, 0, 64, 0)
    if (header.readUInt32BE(0) !== 0x7f454c46 || header[4] !== 2) throw new Error(`${path} is not a 64-bit ELF file`)
    const phoff = Number(header.readBigUInt64LE(32))
    const phentsize = header.readUInt16LE(54)
    const phnum = header.readUInt16LE(56)
    const table = Buffer.alloc(phentsize * phnum)
    await file.read(table, 0, table.length, phoff)
    let interpreter = false
    for (let i = 0; i < phnum; i++) if (table.readUInt32LE(i * phentsize) === 3) interpreter = true
    return { machine: header.readUInt16LE(18), interpreter }
  } finally {
    await file.close()
  }
}
