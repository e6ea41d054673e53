import { describe, expect, it } from 'vitest'
import { renderTree, visible, type ProcessInfo, type Snapshot } from '../src/index.js'

describe("visible: a run's string made safe to print", () => {
  it('shows every control character and escape as an escape (the example of its TSDoc)', () => {
    expect(visible('evil\x1b[2J\nok')).toBe('evil\\x1b[2J\\nok')
    expect(visible('\x1b]52;c;ZXZpbA==\x07')).toBe('\\x1b]52;c;ZXZpbA==\\x07')
    expect(visible('a\tb\rc\x7f\x9bd\u202eright\u2028')).toBe('a\\tb\\rc\\x7f\\x9bd\\u202eright\\u2028')
  })

  it('leaves text without control characters as it is: letters of any script, box drawing, emoji', () => {
    const plain = 'root.1 python3 (4243) ← zombie, reaped by the sentinel — ✔ 10/10 ünïcödé 漢字 🙂 \\x1b'
    expect(visible(plain)).toBe(plain)
  })

  it('with keepLines, keeps newlines and tabs (an excerpt indented line by line) and shows the rest', () => {
    expect(visible('one\n\ttwo\x1b[2J\r', { keepLines: true })).toBe('one\n\ttwo\\x1b[2J\\r')
  })

  it('a tree picture shows a name and an argv holding escapes and a newline on one line each', () => {
    const p = (pid: number, ppid: number, comm: string, argv: string[]): ProcessInfo => ({
      pid,
      ppid,
      pgid: pid,
      sid: pid,
      startTicks: pid,
      startTime: 0,
      threads: 1,
      kernelThread: false,
      state: 'S',
      comm,
      argv,
    })
    const snapshot: Snapshot = {
      takenAt: 0,
      backend: 'proc',
      processes: new Map([[2, p(2, 1, '\x1b]0;pwned\x07', ['python3', '\x1b[2J\n  ✔ 10/10'])]]),
    }
    const picture = renderTree(snapshot)
    expect(picture.split('\n')).toHaveLength(1)
    expect(picture).toBe("\\x1b]0;pwned\\x07 (2) [sleeping]  python3 '\\x1b[2J\\n  ✔ 10/10'")
    // A label the caller makes (the report's `root.1 comm`) is shown the same way.
    expect(renderTree(snapshot, { label: (info) => `root ${info.comm}`, states: false, argv: false })).toBe(
      'root \\x1b]0;pwned\\x07',
    )
  })
})
