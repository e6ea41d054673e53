/**
 * Which `ps` columns we ask for, per `ps` flavour, and how wide the one free-text column before the
 * last one is.
 *
 * The layout problem: two columns may contain spaces, the command name (`prctl(PR_SET_NAME)` can set
 * "my (odd) name") and the arguments. Only the last column of `ps` output may be split off as "the rest
 * of the line", so the other one needs a known width. We put the command name FIRST and give it a long
 * header: both procps and BSD `ps` widen a column to its header, procps cuts a longer value to the
 * column width, and BSD pads to it. So every row starts with exactly `COMM_WIDTH` characters of name,
 * then one space, then whitespace-free columns (numbers, `stat`, the five words of `lstart`), then the
 * arguments as the rest of the line. Putting the name first (not after the numbers) also keeps it clear
 * of procps' overflow handling, which eats into the padding of columns that follow a too-wide value.
 *
 * procps' `pid:10`-style widths would be simpler but are procps-only; two `ps` runs (one per free-text
 * column, as ps-list does) double the cost and can disagree with each other.
 */

/** Width of the command-name column: above Linux's 64-byte kernel-thread names and BSD's MAXCOMLEN. */
export const COMM_WIDTH = 64

/** The `ps` implementations we know the column names of. Only `procps` is tested (on Linux). */
export type PsFlavour = 'procps' | 'darwin' | 'bsd'

/** One whitespace-free column between the name and the arguments. */
export interface MiddleColumn {
  readonly key: 'pid' | 'ppid' | 'pgid' | 'sid' | 'stat' | 'lstart' | 'threads' | 'uid'
  /** The keyword as `ps -o` spells it on this flavour. */
  readonly keyword: string
  /** How many space-separated words a value takes (`lstart` is `Mon Nov 23 11:09:52 2026`). */
  readonly words: number
}

const common = {
  pid: { key: 'pid', keyword: 'pid', words: 1 },
  ppid: { key: 'ppid', keyword: 'ppid', words: 1 },
  pgid: { key: 'pgid', keyword: 'pgid', words: 1 },
  stat: { key: 'stat', keyword: 'stat', words: 1 },
  lstart: { key: 'lstart', keyword: 'lstart', words: 5 },
  uid: { key: 'uid', keyword: 'ruid', words: 1 },
} as const satisfies Record<string, MiddleColumn>

const sid: MiddleColumn = { key: 'sid', keyword: 'sid', words: 1 }
const nlwp: MiddleColumn = { key: 'threads', keyword: 'nlwp', words: 1 }

/**
 * The middle columns per flavour. macOS `ps` has no session id (its `sess` is a kernel address, now
 * always 0) and no thread count (`wq` counts only workqueue threads), so neither is asked for there.
 */
export const MIDDLE_COLUMNS: Readonly<Record<PsFlavour, readonly MiddleColumn[]>> = {
  procps: [common.pid, common.ppid, common.pgid, sid, common.stat, common.lstart, nlwp, common.uid],
  darwin: [common.pid, common.ppid, common.pgid, common.stat, common.lstart, common.uid],
  bsd: [common.pid, common.ppid, common.pgid, sid, common.stat, common.lstart, nlwp, common.uid],
}

/** The flavour of `ps` this platform ships. */
export function psFlavour(platform: NodeJS.Platform = process.platform): PsFlavour {
  if (platform === 'linux') return 'procps'
  if (platform === 'darwin') return 'darwin'
  return 'bsd'
}

/**
 * The `-o` arguments for one `ps` run: `ucomm` (the short accounting name on every flavour; macOS'
 * `comm` is the full executable path instead), the middle columns, and `args` when argv is wanted.
 * One `-o` per column, because POSIX lets a header text after `=` run to the end of its argument.
 */
export function outputArguments(flavour: PsFlavour, withArgs: boolean): string[] {
  const out = ['-o', `ucomm=${'C'.repeat(COMM_WIDTH)}`]
  for (const column of MIDDLE_COLUMNS[flavour]) out.push('-o', `${column.keyword}=`)
  if (withArgs) out.push('-o', 'args=')
  return out
}
