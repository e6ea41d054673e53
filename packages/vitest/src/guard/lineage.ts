import childProcess from 'node:child_process'

// Which test a child process belongs to is where its handle came from, not when it spawns. A pool
// built in one test forks a replacement when a worker exits — often while a later test runs —
// from inside the old worker's `exit` event: that fork is the earlier test's, and must not be
// blamed on the test that happens to be running. So every ChildProcess the hook sees is tagged
// with the token of the test (or file) that started it, and while a tagged handle emits an event,
// the spawns its listeners make inherit that tag.

const owners = new WeakMap<childProcess.ChildProcess, string>()
const handles = new Map<number, WeakRef<childProcess.ChildProcess>>()
let emitting: string | undefined

/** Tags a handle with the token of the test (or, between tests, the file) that started it. */
export function own(child: childProcess.ChildProcess, token: string): void {
  owners.set(child, token)
  if (child.pid !== undefined) handles.set(child.pid, new WeakRef(child))
}

/** The owner's token of the handle whose event is being handled now (a spawn made there is its), if any. */
export const emittingOwner = (): string | undefined => emitting

/** The handle of a child process of this process, by pid, while it has not been seen to exit. */
export function handleOf(pid: number): childProcess.ChildProcess | undefined {
  const child = handles.get(pid)?.deref()
  if (child && child.exitCode === null && child.signalCode === null) return child
  handles.delete(pid)
  return undefined
}

let installed = false

/** Wraps ChildProcess's `emit` (its events only: exit, close, message, …) to know whose event runs. */
export function installLineage(): void {
  if (installed) return
  installed = true
  const proto = childProcess.ChildProcess.prototype as unknown as {
    emit(this: childProcess.ChildProcess, ...args: unknown[]): boolean
  }
  const emit = proto.emit
  proto.emit = function (this: childProcess.ChildProcess, ...args: unknown[]): boolean {
    const owner = owners.get(this)
    if (owner === undefined) return emit.apply(this, args)
    const previous = emitting
    emitting = owner
    try {
      return emit.apply(this, args)
    } finally {
      emitting = previous
    }
  }
}
