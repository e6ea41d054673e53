import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

/** What Linux uses on every architecture this project runs on (x86, arm). */
const DEFAULT_CLOCK_TICKS = 100

let ticksPerSecond: number | undefined
let bootMs: number | undefined

/**
 * Clock ticks per second (`CLK_TCK`, the unit of start times in `/proc/PID/stat`), asked of
 * `getconf CLK_TCK` once, on first use.
 *
 * @returns the kernel's value, or 100 when `getconf` is missing or says something odd.
 */
export function clockTicksPerSecond(): number {
  ticksPerSecond ??= askGetconf()
  return ticksPerSecond
}

function askGetconf(): number {
  try {
    const value = Number(
      execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(),
    )
    return Number.isInteger(value) && value > 0 ? value : DEFAULT_CLOCK_TICKS
  } catch {
    return DEFAULT_CLOCK_TICKS
  }
}

/**
 * When the machine booted, in milliseconds since the Unix epoch (`btime` in `/proc/stat`, whole
 * seconds), read once. Start times are this plus start ticks.
 */
export function bootTime(): number {
  bootMs ??= readBootTime()
  return bootMs
}

function readBootTime(): number {
  const match = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))
  if (!match?.[1]) throw new Error('proctable: no btime line in /proc/stat')
  return Number(match[1]) * 1000
}

/** Converts a start time in clock ticks since boot to milliseconds since the Unix epoch. */
export function ticksToEpochMs(ticks: number): number {
  return bootTime() + Math.round((ticks * 1000) / clockTicksPerSecond())
}
