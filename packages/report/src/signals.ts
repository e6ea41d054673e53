import { constants } from 'node:os'

const names = new Map<number, string>(Object.entries(constants.signals).map(([name, number]) => [number, name]))

/** `15` → `SIGTERM`; unknown numbers become `SIG<n>`. */
export function signalName(signal: number): string {
  return names.get(signal) ?? `SIG${signal}`
}

/** Normalises a signal given as a name (`TERM`, `SIGTERM`) or a number to its `SIG…` name. */
export function normaliseSignal(signal: string | number): string | undefined {
  if (typeof signal === 'number') return names.get(signal)
  const upper = signal.toUpperCase()
  const name = upper.startsWith('SIG') ? upper : `SIG${upper}`
  return name in constants.signals ? name : undefined
}
