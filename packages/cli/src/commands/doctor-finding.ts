/** One line of the doctor's answer. */
export interface Finding {
  readonly status: 'ok' | 'warn' | 'fail'
  readonly label: string
  readonly value: string
  /** What it means for the user's tests. */
  readonly meaning: string
}

/** A finding that is as it should be. */
export const ok = (label: string, value: string, meaning: string): Finding => ({ status: 'ok', label, value, meaning })
/** A finding that limits what proclife can do here. */
export const warn = (label: string, value: string, meaning: string): Finding => ({
  status: 'warn',
  label,
  value,
  meaning,
})
/** A finding that stops something from working here. */
export const fail = (label: string, value: string, meaning: string): Finding => ({
  status: 'fail',
  label,
  value,
  meaning,
})
/** An error's first line. */
export const why = (error: unknown): string => (error instanceof Error ? error.message.split('\n')[0]! : String(error))
