// The one rule for "left running", the same wherever a process can be left behind: a fixture run
// (`runFixture`, `proclife run`), an observation of code in place (`observe`, the callback-form
// matchers, `observeDescendants`) and the leak guard.
//
// The end of an observation is an event — the root exited, the callback's promise settled, the
// test (and its afterEach hooks) returned. A process still alive at that event is not judged at
// once: it has `settle` ms to end by itself, and the wait ends at the event of its end (the
// sentinel's exit events in a run; in the test process, which has no pidfd from Node, a look at
// /proc every `interval` ms), so a clean run pays nothing. What is still alive after the bound is
// left running (a stray, or the guard's leak).
//
// The bound is the one duration in the vocabulary: every other verdict is decided by the order of
// events. Its default is far above what load adds to a process's last steps, so the two cases
// users have never flip (`pnpm soak:in-place` repeats both with every core busy): a process that
// ends soon after its test passes, one that never ends fails. `settle: 0` is the strict mode:
// judged at the event itself (pool maintainers asserting that `terminate()` waited for its
// workers); `observe` and the callback-form matchers are strict by default, because that is the
// question they ask.

/**
 * How long, in ms, a process still alive at the end of an observation may take to end by itself
 * before it counts as left running: the default `settle` of `runFixture`, `proclife run
 * --settle`, `observeDescendants`, and the leak guard. `pnpm soak:in-place` shows that no load
 * flips the guard's verdicts with it.
 */
export const SETTLE_MS = 1000

/** Which event ended an observation, for the words of {@link describeLeftRunningRule}. */
export type ObservationEnd = 'run' | 'callback' | 'stop' | 'test'

const EVENT_WORDS: Record<ObservationEnd, { readonly at: string; readonly after: string }> = {
  run: { at: 'when the run settled', after: 'the root exited' },
  callback: { at: 'when the callback returned', after: 'the callback returned' },
  stop: { at: 'when the observation stopped', after: 'the observation stopped' },
  test: { at: 'when the test ended', after: 'the test ended' },
}

/**
 * When the end state was judged, in words, by the rule of {@link SETTLE_MS}: `when the callback
 * returned` (strict, `settle: 0`), or `2000 ms after the callback returned`. A fixture run always
 * reads `when the run settled` (its bound is in the timeline's `settled` entry, and a run that
 * reached its time limit was not given it).
 *
 * @example
 * describeLeftRunningRule('callback', 0)    // 'when the callback returned'
 * describeLeftRunningRule('callback', 2000) // '2000 ms after the callback returned'
 */
export function describeLeftRunningRule(end: ObservationEnd, settle: number): string {
  const words = EVENT_WORDS[end]
  if (end === 'run' || settle <= 0) return words.at
  return `${settle} ms after ${words.after}`
}
