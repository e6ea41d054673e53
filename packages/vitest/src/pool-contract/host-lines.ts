/** What the pool's process said about its scenario (`proclife-pool:` lines on its stdout). */
export interface HostLines {
  /** The steps it started, in order. */
  readonly steps: readonly string[]
  /** The step that failed, and why. */
  readonly failed: { readonly step: string; readonly error: string } | undefined
  /** The pids of the workers that called `hang()`. */
  readonly hung: readonly number[]
  /** The scenario ran to its end. */
  readonly done: boolean
}

/** Reads the host's lines out of the run's stdout (the pool's own output may be between them). */
export function parseHostLines(stdout: string): HostLines {
  const steps: string[] = []
  const hung: number[] = []
  let failed: HostLines['failed']
  let done = false
  for (const line of stdout.split('\n')) {
    const match = /^proclife-pool:(\w+) (.*)$/.exec(line)
    if (!match) continue
    const value: unknown = JSON.parse(match[2]!)
    if (match[1] === 'step') steps.push(String(value))
    else if (match[1] === 'hung') hung.push(Number(value))
    else if (match[1] === 'failed') failed ??= value as { step: string; error: string }
    else if (match[1] === 'done') done = true
  }
  return { steps, failed, hung, done }
}
