import { expect, test } from 'vitest'
import { parseStat } from '../src/linux/parse-stat.js'

// Real lines from this machine's /proc, with the names a process may give itself put in.
const line = (comm: string) =>
  Buffer.from(
    `2716 (${comm}) R 2711 2711 2315 0 -1 4194304 116 0 0 0 0 0 0 0 20 0 1 0 30278 3133440 414 18446744073709551615 94809815089152 0 0 0 0 0 0 0 0 0 17 1 0 0\n`,
  )

test.each(['cat', 'a b', ') R 1 1 1 (', 'x)', '(', 'a b) Z 9 (c)', 'tab\there', ''])(
  'reads the fields after comm %j',
  (comm) => {
    const buffer = line(comm)
    expect(parseStat(buffer, buffer.length)).toEqual({
      comm,
      state: 'R',
      ppid: 2711,
      pgid: 2711,
      sid: 2315,
      flags: 4194304,
      threads: 1,
      startTicks: 30278,
    })
  },
)

test('reads kernel-thread flags and large values', () => {
  const buffer = Buffer.from(
    '2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 4294967296 0 0 18446744073709551615 0 0 0 0 0 0 0 2147483647 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n',
  )
  expect(parseStat(buffer, buffer.length)).toMatchObject({
    comm: 'kthreadd',
    ppid: 0,
    flags: 2129984,
    threads: 1,
    startTicks: 4294967296,
  })
})

test('ignores bytes past the given length (the buffer is reused)', () => {
  const buffer = Buffer.concat([line('short'), Buffer.from(' ) stale bytes from a longer line (x) ')])
  expect(parseStat(buffer, line('short').length)?.comm).toBe('short')
})

test('rejects text that is not a stat line', () => {
  for (const text of ['', 'garbage', '12 (x']) expect(parseStat(Buffer.from(text), text.length)).toBeUndefined()
})
