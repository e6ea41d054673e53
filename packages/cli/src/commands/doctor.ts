import { execFile } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { arch, release, type } from 'node:os'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { mkdtempSync, rmSync } from 'node:fs'
import { promisify } from 'node:util'
import { readProcessSync } from '@proclife/proctable'
import { resolveInterpreter, resolveSentinel, startSentinel, type SentinelResolution } from '@proclife/runner'
import type { Style } from '../output/style.js'
import { fail, ok, warn, why, type Finding } from './doctor-finding.js'
import { gradingFindings, gradingPythonFinding, safeCommandLines } from './grading-findings.js'
import { interpreterFindings } from './interpreter-findings.js'
import { measureReaping } from './measure-reaping.js'

const exec = promisify(execFile)

export type { Finding } from './doctor-finding.js'

/** What the Node stand-in, which runs where no native sentinel can, cannot do. */
const STAND_IN =
  "runs use the Node stand-in: it cannot adopt orphans (they go to the machine's reaper), cannot trace (a short-lived process can be missing from a report), and has no pseudo-terminal for --terminal"

/** Which sentinel binary runs here, and why that one (the runner's order: prebuilt, else cc, else the stand-in). */
function whichSentinel(found: SentinelResolution): Finding {
  if (found.kind === 'prebuilt') {
    const { manifest } = found
    return ok(
      'sentinel',
      `prebuilt: ${manifest.package} ${manifest.version} (${manifest.static ? 'static, ' : ''}${manifest.bytes} bytes) at ${found.binary}`,
      `its sha256 and its sources' hash (${manifest.sources.slice(0, 12)}) match this runner's: no C compiler needed`,
    )
  }
  return ok(
    'sentinel',
    `compiled with cc: ${found.binary}`,
    `no prebuilt binary used (${found.whyNotPrebuilt}); compiled once from the runner's sources and cached`,
  )
}

async function sentinelFindings(): Promise<Finding[]> {
  if (process.env['PROCLIFE_SENTINEL'] === 'node')
    return [warn('sentinel', 'the Node stand-in (PROCLIFE_SENTINEL=node)', STAND_IN)]
  let found: SentinelResolution
  try {
    found = await resolveSentinel()
  } catch (error) {
    return [fail('sentinel', why(error), STAND_IN)]
  }
  const binary = found.binary
  const dir = mkdtempSync(join(tmpdir(), 'proclife-doctor-'))
  try {
    const sentinel = startSentinel({
      binary,
      argv: ['/bin/sh', '-c', 'exit 0'],
      cwd: dir,
      env: { PATH: process.env['PATH'] ?? '' },
      intervalMs: 5,
      socketPath: join(dir, 's'),
    })
    const hello = await sentinel.hello
    sentinel.send({ cmd: 'quit' })
    await sentinel.exited
    return [
      whichSentinel(found),
      hello.subreaper
        ? ok(
            'subreaper',
            'yes',
            "every orphan of a fixture is adopted and reaped by the sentinel: verdicts do not depend on this machine's init",
          )
        : fail(
            'subreaper',
            `no (${hello.subreaperError ?? 'refused'})`,
            'runs use isolation "none": orphans go to the machine\'s reaper',
          ),
      hello.capture === 'exact'
        ? ok(
            'capture',
            'exact (ptrace)',
            'every birth, exec and exit is reported by the kernel, however short-lived the process: the same program gives the same labels and tree on every run',
          )
        : warn(
            'capture',
            `sampled (${hello.captureReason ?? 'tracing refused'})`,
            'a process that lives less than a sampling interval can be missing from a report, and labels can differ between runs',
          ),
      hello.pidfd
        ? ok('pidfd', 'yes', 'exits are exact, and signals can never hit a recycled pid')
        : warn(
            'pidfd',
            'no (kernel older than 5.3?)',
            'exits are sampled, and identity is checked by start time before each signal',
          ),
    ]
  } catch (error) {
    return [fail('sentinel', `built, but it did not start: ${why(error)}`, 'runs will fail; please report this')]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function reaperFinding(): Promise<Finding> {
  try {
    const { adopter, reapMs } = await measureReaping()
    const who = `${adopter.comm} (pid ${adopter.pid})`
    if (reapMs === null)
      return warn(
        'without a sentinel',
        `${who} adopts orphans and did not reap one within 10 s`,
        'zombies pile up where no subreaper runs: always keep the sentinel',
      )
    return reapMs > 100
      ? warn(
          'without a sentinel',
          `${who} adopts orphans and reaps them after ${reapMs} ms`,
          'slow reaping: an adopted orphan stays <defunct> that long; the sentinel makes verdicts independent of it',
        )
      : ok(
          'without a sentinel',
          `${who} adopts orphans and reaps them in ${reapMs} ms`,
          "the machine's reaper is prompt; verdicts still come from the sentinel",
        )
  } catch (error) {
    return warn('without a sentinel', `could not probe: ${why(error)}`, 'unknown who adopts orphans outside proclife')
  }
}

async function pidNamespaceFinding(): Promise<Finding> {
  try {
    await exec('unshare', ['--pid', '--fork', 'true'], { timeout: 5000 })
    return ok(
      'PID namespaces',
      'available (unshare --pid --fork)',
      'a run could make the sentinel PID 1 of its own namespace (a later isolation mode)',
    )
  } catch (error) {
    return warn('PID namespaces', `not available: ${why(error)}`, 'runs use a subreaper, which needs none')
  }
}

async function pythonFinding(): Promise<Finding> {
  try {
    const python = await resolveInterpreter('python', 'python3', process.cwd())
    const { stdout } = await exec(python.path, ['-c', 'import multiprocessing as m; print(m.get_start_method())'], {
      timeout: 10_000,
    })
    return ok(
      'python3',
      `${python.version} at ${python.path}; default start method ${stdout.trim()}`,
      'runs launch this binary, never a version-manager shim; multiprocessing fixtures use that start method unless they choose one',
    )
  } catch (error) {
    return warn('python3', why(error), 'Python fixtures cannot run; pass interpreters: { python } or install python3')
  }
}

function limitsFindings(): Finding[] {
  const pidMax = readFileSync('/proc/sys/kernel/pid_max', 'utf8').trim()
  const limits = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max processes'))
  const nproc = limits?.split(/\s{2,}/)[1] ?? '?'
  const running = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).length
  const cgroup = existsSync('/sys/fs/cgroup/cgroup.controllers')
    ? 'cgroup v2'
    : existsSync('/sys/fs/cgroup/unified')
      ? 'cgroup v1, with a v2 hierarchy at /sys/fs/cgroup/unified'
      : 'cgroup v1'
  const pids = existsSync('/sys/fs/cgroup/pids') || readFileSync('/proc/cgroups', 'utf8').includes('\npids')
  return [
    ok(
      'pid_max',
      pidMax,
      `pids wrap after ${pidMax}; identity is pid + start time, so a recycled pid is never mistaken`,
    ),
    ok(
      'processes',
      `${running} running now; this user may have ${nproc}`,
      "a fork bomb in a fixture is stopped by the run's timeout; keep the limit well above your largest fixture",
    ),
    pids
      ? ok(
          'cgroups',
          `${cgroup}, pids controller present`,
          'process counts of untrusted code can be capped with a pids cgroup',
        )
      : warn('cgroups', cgroup, 'no pids controller: only RLIMIT_NPROC can cap process counts'),
  ]
}

/** Everything `proclife doctor` checks, in order. */
export async function diagnose(): Promise<Finding[]> {
  const self = readProcessSync(process.pid)
  const children = existsSync(`/proc/self/task/${process.pid}/children`)
  // The probes are independent (each starts and ends its own processes, cgroups and sentinel) and
  // mostly wait: on a process to be reaped, an interpreter to answer, a compiler. Run together,
  // `proclife doctor` takes as long as its slowest probe instead of their sum (11 s to 4 s here).
  const [sentinel, reaper, pidNamespace, python, interpreters, grading, gradingPython] = await Promise.all([
    sentinelFindings(),
    reaperFinding(),
    pidNamespaceFinding(),
    pythonFinding(),
    interpreterFindings(),
    gradingFindings(),
    gradingPythonFinding(),
  ])
  return [
    ok(
      'system',
      `${type()} ${release()} ${arch()}`,
      type() === 'Linux' ? 'Linux: the full feature set' : 'not Linux: the ps backend and isolation "none"',
    ),
    self
      ? ok('/proc', 'readable', 'the process table is read directly, with no ps')
      : fail('/proc', 'not readable', 'the ps backend is used: slower, and 1-second start times'),
    children
      ? ok('children files', `/proc/PID/task/TID/children`, "subtrees cost their own size, not the whole table's")
      : warn('children files', 'missing (CONFIG_PROC_CHILDREN)', 'subtrees are found by reading the whole table'),
    ...sentinel,
    reaper,
    pidNamespace,
    python,
    ...interpreters,
    ...limitsFindings(),
    ...grading,
    gradingPython,
    safeCommandLines(),
  ]
}

/** The findings as text: a mark, the label, the value, and what it means. */
export function renderFindings(findings: readonly Finding[], style: Style): string {
  const mark = { ok: style.green('✔'), warn: style.yellow('!'), fail: style.red('✘') }
  const width = Math.max(...findings.map((f) => f.label.length))
  return findings
    .map(
      (f) =>
        `${mark[f.status]} ${style.bold(f.label.padEnd(width))}  ${f.value}\n  ${' '.repeat(width)}  ${style.dim(f.meaning)}`,
    )
    .join('\n')
}
