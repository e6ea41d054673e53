import type { ProcessRecord, RunReport } from './types.js'

// Every picture names a process by the user's program: `worker.js`, not `node
// --experimental-import-meta-resolve --conditions=development /…/worker.js`. This is the one place
// that knows how an interpreter's command line reads; the pictures (text tree, SVG, HTML, the
// CLI's tree) call it and never cut an argv themselves.

/** An interpreter's options that take the next word as their value (`--import tsx`). */
interface Interpreter {
  /** Long options whose value is the next word, unless written `--name=value`. */
  readonly long: ReadonlySet<string>
  /** Short options whose value is the rest of the word or the next word (`-r x`, `-rx`). */
  readonly short: ReadonlySet<string>
  /** Options whose value is the program itself (code or a module): `-e`, `-c`, `-m`. */
  readonly program: ReadonlySet<string>
}

const NODE: Interpreter = {
  long: new Set([
    '--require',
    '--import',
    '--loader',
    '--experimental-loader',
    '--conditions',
    '--input-type',
    '--inspect-port',
    '--title',
    '--env-file',
    '--eval',
    '--print',
    '--disable-warning',
    '--watch-path',
  ]),
  short: new Set(['-r', '-C', '-e', '-p']),
  program: new Set(['-e', '--eval', '-p', '--print']),
}

const PYTHON: Interpreter = {
  long: new Set(['--check-hash-based-pycs']),
  short: new Set(['-c', '-m', '-W', '-X']),
  program: new Set(['-c', '-m']),
}

const SHELL: Interpreter = {
  long: new Set(['--rcfile', '--init-file']),
  short: new Set(['-c', '-o', '-O']),
  program: new Set(['-c']),
}

/** The interpreter an argv's first word names (`node`, `python3.12`, `/usr/bin/pypy3`), if any. */
function interpreterOf(first: string): Interpreter | null {
  const name = baseName(first)
  if (name === 'node' || name === 'nodejs') return NODE
  if (/^(python|pypy)\d*(\.\d+)?$/.test(name)) return PYTHON
  if (name === 'sh' || name === 'bash' || name === 'dash') return SHELL
  return null
}

const baseName = (word: string): string =>
  word.includes('/') && !word.endsWith('/') ? word.slice(word.lastIndexOf('/') + 1) : word

/**
 * The user's program in a command line, from its first word on: for an interpreter, the script
 * and its arguments, without the interpreter and its options (`node --import tsx /a/worker.js 3` →
 * `['worker.js', '3']`); code or a module run by an option keeps that option
 * (`python3 -m http.server` → `['-m', 'http.server']`, `node -e …` → `['-e', …]`). Any other
 * command is itself. Paths are cut to their last part, so the words are the same on every machine.
 *
 * @example
 * programArgv(['/usr/bin/node', '--experimental-import-meta-resolve', '/w/worker.js']) // ['worker.js']
 */
export function programArgv(argv: readonly string[]): string[] {
  const [first, ...rest] = argv
  if (first === undefined) return []
  const interpreter = interpreterOf(first)
  if (interpreter === null) return argv.map(baseName)
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!
    if (word === '--') return rest.slice(i + 1).map(baseName)
    if (!word.startsWith('-') || word === '-') return rest.slice(i).map(baseName)
    const name = word.startsWith('--') ? word.split('=')[0]! : word.slice(0, 2)
    const attached = word.startsWith('--') ? word.includes('=') : word.length > 2
    if (interpreter.program.has(name)) {
      const value = attached ? (word.startsWith('--') ? word.slice(word.indexOf('=') + 1) : word.slice(2)) : rest[i + 1]
      return [name, ...(value === undefined ? [] : [value]), ...rest.slice(attached ? i + 1 : i + 2)]
    }
    if (!attached && (interpreter.long.has(name) || interpreter.short.has(name))) i++
  }
  // Only options: the interpreter itself is the program (a REPL, `node --version`).
  return [baseName(first)]
}

/** The words that name a process's program: its argv's ({@link programArgv}), or its `comm` when argv could not be read. */
function programWords(p: Pick<ProcessRecord, 'argv' | 'comm'>): string[] {
  const words = p.argv && p.argv.length > 0 ? programArgv(p.argv) : []
  return words.length > 0 ? words : [p.comm]
}

/**
 * A process's program in one word, for the label of its line in every picture: `worker.js`,
 * `zombie.py`, `sleep`; `-c` or `-m` with the interpreter for code and modules (`python3 -m`).
 * Its `comm` when its argv could not be read.
 *
 * @example
 * programOf(report.process('root.1')) // 'worker.js'
 */
export function programOf(p: Pick<ProcessRecord, 'argv' | 'comm'>): string {
  const [word = p.comm] = programWords(p)
  return word.startsWith('-') ? `${p.argv && p.argv[0] ? baseName(p.argv[0]) : p.comm} ${word}` : word
}

/**
 * A process's program with its arguments, at most `width` characters (cut with `…`): `worker.js 3`,
 * `python3 -c from multiprocessing…`. For a lane of the SVG picture and the argv column of a tree.
 */
export function programLine(p: Pick<ProcessRecord, 'argv' | 'comm'>, width = 40): string {
  const words = programWords(p)
  // Code given on the command line spans lines: one line in a picture.
  const text = (words[0]?.startsWith('-') ? `${programOf(p)} ${words.slice(1).join(' ')}` : words.join(' '))
    .replace(/\s+/g, ' ')
    .trim()
  return text.length > width ? `${text.slice(0, width - 1)}…` : text
}

/**
 * The program a run started, without the wrapper the harness put around it (`report.wrapper`: the
 * grader's containment, `unshare --net nsenter … setpriv …`): the argv the user asked for.
 */
export function runCommand(report: Pick<RunReport, 'command' | 'wrapper'>): readonly string[] {
  return report.command.slice(report.wrapper?.length ?? 0)
}

/**
 * The name of a run, for the title of its picture: the program it started (`proclife run
 * zombie.py`), without the harness's wrapper or the interpreter's options.
 */
export function runTitle(report: Pick<RunReport, 'command' | 'wrapper'>): string {
  return `proclife run  ${programLine({ argv: runCommand(report), comm: '?' }, 60)}`
}
