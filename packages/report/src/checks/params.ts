import { z } from 'zod'

// The parameter shapes the checks share, written once (a lab's YAML is validated with them).

/** A process of the run by its label: `root`, `root.1.2`, `adopted.1`. */
export const processId = z
  .string()
  .regex(/^(root(\.\d+)*|adopted\.\d+)$/, 'a process id such as root, root.1 or root.1.2')
/** A signal by name: `SIGUSR1` or `USR1`. */
export const signalName = z.string().regex(/^(SIG)?[A-Z0-9]+$/, 'a signal name such as SIGUSR1')
/** A whole, non-negative number of milliseconds. */
export const ms = z.number().int().nonnegative()
/** A count of processes. */
export const count = z.number().int().nonnegative()
/** A checkpoint's name. */
export const checkpointName = z.string().min(1)
/** A check without parameters: a lab writes `true`. */
export const none = z.literal(true)
/** A regular expression, tested in multi-line mode. */
export const regex = z.string().refine((s) => {
  try {
    new RegExp(s, 'm')
    return true
  } catch {
    return false
  }
}, 'a valid regular expression')
/** A process and a checkpoint. */
export const processAtCheckpoint = z.strictObject({ checkpoint: checkpointName, process: processId })
