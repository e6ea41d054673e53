import { readdirSync } from 'node:fs'
import { procBuffer, readProcFile } from './proc-file.js'

/**
 * Lists the children of a process from `/proc/PID/task/TID/children`.
 *
 * The kernel lists a child under the thread that forked it, so every thread's file is read: a child
 * forked from a worker thread is missing from the main thread's list. A single-threaded process has
 * one file, and the `task` directory is not listed.
 *
 * @param threads - the process's thread count, from its `stat`.
 * @returns child pids (empty if the process has gone).
 */
export function readChildren(pidText: string, threads: number): number[] {
  const children: number[] = []
  if (threads <= 1) {
    appendChildren(`/proc/${pidText}/task/${pidText}/children`, children)
    return children
  }
  let tids: string[]
  try {
    tids = readdirSync(`/proc/${pidText}/task`)
  } catch {
    return children
  }
  for (const tid of tids) appendChildren(`/proc/${pidText}/task/${tid}/children`, children)
  return children
}

/** Parses a space-separated pid list ("12 34 ") into `out`; a thread that has gone adds nothing. */
function appendChildren(path: string, out: number[]): void {
  const length = readProcFile(path)
  if (length <= 0) return
  const buffer = procBuffer()
  let value = 0
  let inNumber = false
  for (let i = 0; i < length; i++) {
    const digit = (buffer[i] ?? 0) - 0x30
    if (digit >= 0 && digit <= 9) {
      value = value * 10 + digit
      inNumber = true
    } else if (inNumber) {
      out.push(value)
      value = 0
      inNumber = false
    }
  }
  if (inNumber) out.push(value)
}

let available: boolean | undefined

/**
 * Whether this kernel has `children` files (`CONFIG_PROC_CHILDREN`, on in every mainstream
 * distribution). Checked once.
 */
export function hasChildrenFiles(): boolean {
  available ??= readProcFile(`/proc/self/task/${process.pid}/children`) >= 0
  return available
}
