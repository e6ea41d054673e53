import { expect, it } from 'vitest'
import { carriesOtherToken, carriesToken, GUARD_VARIABLE, tokenIn } from '../../src/guard/guard-token.js'

const environ = (...pairs: string[]): string => `${pairs.join('\0')}\0`

it('finds the test token and the spawn number after it', () => {
  expect(tokenIn(environ('A=1', 'PROCLIFE_GUARD=f.3'), 'f.3')).toBe(null)
  expect(tokenIn(environ('PROCLIFE_GUARD=f.3.2', 'B=2'), 'f.3')).toBe(2)
})

it('never takes another test, or another variable, for this one', () => {
  expect(tokenIn(environ('PROCLIFE_GUARD=f.30'), 'f.3')).toBeUndefined()
  expect(tokenIn(environ('XPROCLIFE_GUARD=f.3'), 'f.3')).toBeUndefined()
  expect(tokenIn(environ('PROCLIFE_GUARD=g.3'), 'f.3')).toBeUndefined()
  expect(tokenIn('', 'f.3')).toBeUndefined()
})

it('tells whether a process carries a file token, whatever test and spawn follow', () => {
  expect(carriesToken(environ('PROCLIFE_GUARD=f'), 'f')).toBe(true)
  expect(carriesToken(environ('PROCLIFE_GUARD=f.2.1'), 'f')).toBe(true)
  expect(carriesToken(environ('PROCLIFE_GUARD=ff.2'), 'f')).toBe(false)
})

it("tells a process of another test of the same file (another lineage) from this test's and from other files'", () => {
  const guard = (value: string): string => environ('PATH=/bin', `${GUARD_VARIABLE}=${value}`, 'HOME=/root')
  expect(carriesOtherToken(guard('f1.2.1'), 'f1.3')).toBe(true)
  expect(carriesOtherToken(guard('f1.2'), 'f1.3')).toBe(true)
  expect(carriesOtherToken(guard('f1'), 'f1.3')).toBe(true)
  expect(carriesOtherToken(guard('f1.3.4'), 'f1.3')).toBe(false)
  expect(carriesOtherToken(guard('f1.3'), 'f1.3')).toBe(false)
  expect(carriesOtherToken(guard('f1.30'), 'f1.3')).toBe(true)
  expect(carriesOtherToken(guard('g7.1'), 'f1.3')).toBe(false)
  expect(carriesOtherToken('PATH=/bin\0', 'f1.3')).toBe(false)
})
