/*
 * The prebuilt sentinels of the other platforms, run here:
 * - the arm64 binary under qemu-user (qemu-aarch64-static). qemu-user 7.2 implements neither
 *   ptrace (ENOSYS) nor prctl(PR_SET_CHILD_SUBREAPER) (EINVAL), so under it the sentinel says so
 *   at hello and runs in its degraded, sampled mode: what is tested is the protocol, checkpoints,
 *   sampling, pidfd exits, commands and cleanup — the arm64 code paths that do not need those two.
 * - the static x64 binary in an Alpine-like root: musl's loader and busybox, no glibc at all,
 *   where it must capture exactly as on the host.
 * Each part runs where its tools are (apt-get install gcc-aarch64-linux-gnu qemu-user-static for
 * the first; root, busybox-static and musl for the second) and is skipped, by name, elsewhere.
 */
import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isEvent, startSentinel } from '../src/index.js'
import { buildPlatformPackage } from './helpers/prebuilt-package.js'
import {
  checkpointNamed,
  launch,
  leftovers,
  PYTHON,
  useSentinelHarness,
  waitEvent,
  within,
} from './helpers/sentinel-harness.js'

/** The program's path on PATH, or '' (a wrapper names it absolutely: the fixture's PATH is not this one). */
const which = (program: string): string => {
  try {
    return execFileSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' }).trim()
  } catch {
    return ''
  }
}
const has = (program: string): boolean => which(program) !== ''
const scratch = mkdtempSync(join(tmpdir(), 'proclife-platforms-test-'))
/** Builds the platform package of `arch` into scratch; resolves with its binary. */
const build = (arch: 'x64' | 'arm64'): Promise<string> => buildPlatformPackage(join(scratch, arch), arch)

/** A program that runs `command` with the sentinel's own arguments after it: what startSentinel launches. */
function wrapper(name: string, command: string): string {
  const path = join(scratch, name)
  writeFileSync(path, `#!/bin/sh\n${command} "$@"\n`)
  chmodSync(path, 0o755)
  return path
}

useSentinelHarness()
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const qemu = process.arch === 'x64' && has('qemu-aarch64-static') && has('aarch64-linux-gnu-gcc')
describe.runIf(qemu)('the arm64 sentinel under qemu-aarch64-static', () => {
  let binary = ''
  beforeAll(async () => {
    binary = wrapper('arm64-sentinel', `exec ${which('qemu-aarch64-static')} ${await build('arm64')}`)
  }, 120_000)

  it('says hello with the same protocol, and names what qemu-user does not implement', async () => {
    const native = launch(['/bin/sh', '-c', 'exit 0'])
    const { sentinel } = launch(['/bin/sh', '-c', 'exit 5'], { binary })
    const hello = await sentinel.hello
    expect(hello.protocol).toBe((await native.sentinel.hello).protocol)
    expect(hello).toMatchObject({
      subreaper: false,
      subreaperError: 'prctl(PR_SET_CHILD_SUBREAPER): Invalid argument',
      capture: 'sampled',
      captureReason: expect.stringMatching(/^ptrace refused \(Function not implemented\)/) as string,
      pidfd: true,
      interval: 5,
    })
    const rootExit = await waitEvent(sentinel, isEvent('root-exit'), 'the root to exit')
    expect(rootExit.status).toEqual({ code: 5, signal: null, core: false })
    expect(sentinel.events.find(isEvent('spawn'))).toMatchObject({
      root: true,
      argv: ['/bin/sh', '-c', 'exit 5'],
      exact: true,
    })
  })

  it('serves checkpoints from a Python root and its forked child, with the tree sampled at each', async () => {
    const { sentinel } = launch([PYTHON, 'checkpoint-fork.py'], { binary })
    const start = await waitEvent(sentinel, checkpointNamed('root-start'), 'checkpoint "root-start"')
    const inChild = await waitEvent(sentinel, checkpointNamed('in-child'), 'checkpoint "in-child"')
    const end = await waitEvent(sentinel, checkpointNamed('root-end'), 'checkpoint "root-end"')
    const root = sentinel.events.find(isEvent('spawn'))!
    expect(start).toMatchObject({ pid: root.pid, start: root.start })
    expect(inChild.tree.map((p) => p.pid)).toEqual([root.pid, inChild.pid])
    expect(inChild.tree.find((p) => p.pid === inChild.pid)).toMatchObject({ ppid: root.pid, comm: 'python3' })
    expect(end.tree.map((p) => p.pid)).toEqual([root.pid])
    expect((await waitEvent(sentinel, isEvent('root-exit'), 'the root to exit')).status).toEqual({
      code: 0,
      signal: null,
      core: false,
    })
  })

  it('kills the whole tree when its command input closes, and reports it clean', async () => {
    // Not through launch(): its after-each sends quit and expects the exit code of a quit (0).
    const token = `arm64-close-${process.pid}`
    const sentinel = startSentinel({
      binary,
      argv: ['/bin/sh', '-c', 'sleep 1000 & sleep 1000; wait'],
      cwd: scratch,
      env: { PATH: process.env['PATH'] ?? '', PROCLIFE_RUN: token },
      intervalMs: 5,
      socketPath: join(scratch, 'close.sock'),
    })
    await sentinel.waitFor(() => sentinel.events.filter(isEvent('spawn')).length === 3, {
      timeoutMs: 15_000,
      description: 'sh and its two sleeps, sampled',
    })
    expect(await within(sentinel.close(), 15_000, 'the sentinel to exit')).toEqual({ code: 3, signal: null })
    expect(sentinel.events.filter(isEvent('signal')).map((e) => e.signal)).toEqual(['SIGKILL', 'SIGKILL', 'SIGKILL'])
    expect(sentinel.events.at(-1)).toMatchObject({ ev: 'clean', remaining: [] })
    expect(await leftovers(token)).toEqual([])
  })
})

const musl = '/lib/ld-musl-x86_64.so.1'
const alpine =
  process.arch === 'x64' &&
  process.getuid?.() === 0 &&
  existsSync(musl) &&
  has('busybox') &&
  has('unshare') &&
  has('chroot') &&
  has('mount')
describe.runIf(alpine)('the static x64 sentinel in an Alpine-like root (musl and busybox, no glibc)', () => {
  let binary = ''
  const root = join(scratch, 'alpine')
  beforeAll(async () => {
    for (const dir of ['bin', 'lib', 'proc', 'tmp']) mkdirSync(join(root, dir), { recursive: true })
    cpSync(musl, join(root, 'lib', 'ld-musl-x86_64.so.1'), { dereference: true })
    copyFileSync(which('busybox'), join(root, 'bin', 'busybox'))
    for (const applet of ['sh', 'sleep', 'ls']) symlinkSync('busybox', join(root, 'bin', applet))
    copyFileSync(await build('x64'), join(root, 'sentinel'))
    chmodSync(join(root, 'sentinel'), 0o755)
    // A mount namespace of its own, so that /proc is mounted in the root for this run only.
    binary = wrapper(
      'alpine-sentinel',
      `exec ${which('unshare')} --mount /bin/sh -c '${which('mount')} --bind /proc "$0/proc" && exec ${which('chroot')} "$0" /sentinel "$@"' ${root}`,
    )
  }, 120_000)

  it("has musl's loader and no glibc in the root, and runs a program linked against musl there", () => {
    expect(execFileSync('chroot', [root, '/bin/sh', '-c', 'ls /lib'], { encoding: 'utf8' })).toBe(
      'ld-musl-x86_64.so.1\n',
    )
    if (!has('musl-gcc')) return // musl-tools: only to show that the root is a working musl system
    writeFileSync(
      join(scratch, 'hello.c'),
      '#include <stdio.h>\nint main(void) { puts("hello from musl"); return 0; }\n',
    )
    execFileSync('musl-gcc', ['-o', join(root, 'hello'), join(scratch, 'hello.c')])
    expect(execFileSync('chroot', [root, '/hello'], { encoding: 'utf8' })).toBe('hello from musl\n')
  })

  it('captures exactly there: every birth, exec and exit of the tree', async () => {
    const { sentinel } = launch(['/bin/sh', '-c', '/bin/sh -c "exit 3"; exit 4'], {
      binary,
      cwd: '/',
      socketPath: '/tmp/checkpoint.sock',
      env: { PATH: '/bin' },
      expectAllReaped: true,
    })
    expect(await sentinel.hello).toMatchObject({ subreaper: true, capture: 'exact', pidfd: true })
    expect((await waitEvent(sentinel, isEvent('root-exit'), 'the root to exit')).status).toEqual({
      code: 4,
      signal: null,
      core: false,
    })
    expect(sentinel.events.filter(isEvent('spawn')).map((e) => [e.argv?.[0], e.exact])).toEqual([
      ['/bin/sh', true],
      ['/bin/sh', true],
    ])
    expect(sentinel.events.filter(isEvent('exit')).map((e) => e.status?.code)).toEqual([3, 4])
  })
})
