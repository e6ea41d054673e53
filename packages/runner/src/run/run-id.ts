import { randomBytes } from 'node:crypto'

/** A short random id for a run: the `PROCLIFE_RUN` token its processes inherit. */
export function newRunId(): string {
  return `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`
}
