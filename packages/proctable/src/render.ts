import { buildTree, type ProcessTree, type TreeNode } from './tree.js'
import type { ProcessInfo, ProcessState, Snapshot } from './types.js'
import { visible } from './visible.js'

/** How `renderTree` draws a tree. */
export interface RenderTreeOptions {
  /**
   * Draw only the subtree of this pid.
   * @default every root of the snapshot or tree
   */
  readonly root?: number
  /**
   * Draw with ASCII (`|-`, `` `- ``, `<-`, `...`) instead of box-drawing characters.
   * @default false
   */
  readonly ascii?: boolean
  /**
   * Show each pid after the name; turn off for text that must not depend on pids.
   * @default true
   */
  readonly pids?: boolean
  /**
   * Show the scheduler state (`[sleeping]`, `[stopped]`, `<defunct>`, …).
   * @default true
   */
  readonly states?: boolean
  /**
   * Show the argument vector (when the snapshot read it).
   * @default true
   */
  readonly argv?: boolean
  /**
   * Longest line, in characters. A longer line has its argument vector cut with an ellipsis;
   * the name, state and annotations are never cut.
   * @default 120
   */
  readonly width?: number
  /**
   * Text to show in place of `comm (pid)`, e.g. a stable id (`root.1`) instead of a pid.
   * @default `comm (pid)`, or `comm` when `pids` is false
   */
  readonly label?: (process: ProcessInfo) => string
  /**
   * Notes shown at the end of a process's line after an arrow, e.g. `adopted by sentinel`,
   * `still running`, `killed by SIGKILL`.
   */
  readonly annotate?: (process: ProcessInfo) => readonly string[]
  /**
   * Styles each part of a line once it is laid out (widths are measured before), e.g. to colour it.
   * This module adds no colour itself.
   */
  readonly decorate?: (text: string, part: 'name' | 'state' | 'argv' | 'note', process: ProcessInfo) => string
}

const UNICODE = { tee: '├─ ', last: '└─ ', pipe: '│  ', blank: '   ', arrow: '← ', ellipsis: '…' }
const ASCII = { tee: '|- ', last: '`- ', pipe: '|  ', blank: '   ', arrow: '<- ', ellipsis: '...' }
type Glyphs = typeof UNICODE

const STATE_WORDS: Record<ProcessState, string> = {
  R: '[running]',
  S: '[sleeping]',
  D: '[disk sleep]',
  Z: '<defunct>',
  T: '[stopped]',
  t: '[tracing stop]',
  X: '[dead]',
  x: '[dead]',
  I: '[idle]',
  P: '[parked]',
  W: '[waking]',
  K: '[wakekill]',
}

/**
 * Draws a process tree as text, in the manner of `pstree`: one process per line,
 * `comm (pid) [state]  argv  ← notes`, children below their parent, oldest first.
 *
 * @example
 * ```text
 * sh (4100) [sleeping]  sh -c '(exit 3) & read x; wait'
 * ├─ sh (4101) <defunct>
 * └─ sleep (4102) [stopped]  sleep 1000  ← stopped by SIGSTOP
 * ```
 */
export function renderTree(source: Snapshot | ProcessTree, options: RenderTreeOptions = {}): string {
  const tree = 'roots' in source ? source : buildTree(source)
  const roots = options.root === undefined ? tree.roots : [tree.nodes.get(options.root)].filter((n) => n !== undefined)
  if (roots.length === 0) return '(no processes)'
  const glyphs = options.ascii ? ASCII : UNICODE
  const lines: string[] = []
  const draw = (node: TreeNode, lead: string, indent: string): void => {
    lines.push(lead + line(node.process, width(lead), glyphs, options))
    node.children.forEach((child, i) => {
      const last = i === node.children.length - 1
      draw(child, indent + (last ? glyphs.last : glyphs.tee), indent + (last ? glyphs.blank : glyphs.pipe))
    })
  }
  for (const root of roots) draw(root, '', '')
  return lines.join('\n')
}

function line(process: ProcessInfo, used: number, glyphs: Glyphs, options: RenderTreeOptions): string {
  const decorate = options.decorate ?? ((text: string) => text)
  // Labels and notes hold what a run named (its comm, its argv): shown with no control character acting.
  const name = visible(
    options.label?.(process) ?? (options.pids === false ? process.comm : `${process.comm} (${process.pid})`),
  )
  const state = options.states === false ? '' : (STATE_WORDS[process.state] ?? `[${process.state}]`)
  const notes = options.annotate?.(process) ?? []
  const note = notes.length > 0 ? glyphs.arrow + visible(notes.join(', ')) : ''
  let argv = options.argv === false || !process.argv ? '' : process.argv.map(quote).join(' ')
  const room =
    (options.width ?? 120) - used - width(name) - (state ? 1 + width(state) : 0) - (note ? 2 + width(note) : 0) - 2
  if (width(argv) > room)
    argv = room > glyphs.ellipsis.length + 3 ? cut(argv, room - glyphs.ellipsis.length) + glyphs.ellipsis : ''
  let text = decorate(name, 'name', process)
  if (state) text += ' ' + decorate(state, 'state', process)
  if (argv) text += '  ' + decorate(argv, 'argv', process)
  if (note) text += '  ' + decorate(note, 'note', process)
  return text
}

/** Width in characters (code points: box-drawing characters and most text are one column each). */
function width(text: string): number {
  let n = 0
  for (const _ of text) n++
  return n
}

function cut(text: string, length: number): string {
  return [...text].slice(0, length).join('')
}

/** Quotes an argument the way a shell would need it, only when it needs it. */
function quote(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg
  return `'${visible(arg).replaceAll("'", `'\\''`)}'`
}
