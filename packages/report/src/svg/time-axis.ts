import { num } from './xml.js'

/** The ticks of a time axis: where each one stands and what it says. */
export interface Tick {
  readonly at: number
  readonly label: string
}

/**
 * Ticks at a round step (1, 2 or 5 times a power of ten, in ms) giving at most `most` of them, so
 * the axis reads the same way for a 20 ms run and a 30 s one.
 */
export function timeTicks(end: number, most = 10): Tick[] {
  const span = Math.max(end, 1)
  let step = 10 ** Math.floor(Math.log10(span / most))
  for (const factor of [1, 2, 5, 10]) {
    if (span / (step * factor) <= most) {
      step *= factor
      break
    }
  }
  const ticks: Tick[] = []
  const seconds = span >= 1500
  for (let i = 0; i * step <= span + step * 1e-9; i++)
    ticks.push({ at: i * step, label: formatMs(i * step, step, seconds) })
  return ticks
}

/** `0`, `250 ms`, `1.5 s`: seconds for runs of 1.5 s and longer, ms below. */
export function formatMs(ms: number, step: number, seconds: boolean): string {
  if (ms === 0) return '0'
  if (seconds) return `${Number((ms / 1000).toFixed(3))} s`
  return `${step < 1 ? num(ms) : String(Math.round(ms))} ms`
}
