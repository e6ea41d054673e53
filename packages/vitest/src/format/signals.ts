import { constants } from 'node:os'

/** `9`, `'KILL'`, `'sigkill'` → `'SIGKILL'`; `undefined` for anything that is not a signal. */
export function signalName(value: unknown): string | undefined {
  const names = Object.keys(constants.signals)
  if (typeof value === 'number') return names.find((n) => constants.signals[n as keyof typeof constants.signals] === value)
  if (typeof value !== 'string') return undefined
  const upper = value.toUpperCase()
  const name = upper.startsWith('SIG') ? upper : `SIG${upper}`
  return names.includes(name) ? name : undefined
}
