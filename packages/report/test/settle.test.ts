import { expect, it } from 'vitest'
import { describeLeftRunningRule, SETTLE_MS } from '../src/index.js'

// The words of the one rule for "left running": each message says which rule judged.
it('words the rule that judged: strict at the event, or the bound after it', () => {
  expect(describeLeftRunningRule('callback', 0)).toBe('when the callback returned')
  expect(describeLeftRunningRule('callback', 2000)).toBe('2000 ms after the callback returned')
  expect(describeLeftRunningRule('stop', 0)).toBe('when the observation stopped')
  expect(describeLeftRunningRule('test', SETTLE_MS)).toBe('1000 ms after the test ended')
  expect(describeLeftRunningRule('run', 2000)).toBe('when the run settled')
})
