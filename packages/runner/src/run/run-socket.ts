import { unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Where a run's checkpoint socket is made: `proclife-<run id>.checkpoint.sock` in `folder` (the
 * `runDir` option), by default the system's temporary folder.
 *
 * The socket is made by the sentinel, owner-only (mode 0700, then given to `fixtureUid` if set),
 * and unlinked by it as it exits. It sits in the folder itself, not in a folder of its own: making
 * and removing a folder per run cost 1.5–5 ms on an ext4 `/tmp` (the `rmdir` of its block), more
 * than any other step of a run but the spawn (`bench/runner.ts`). The run id's random part keeps
 * two runs' sockets apart.
 */
export function runSocketPath(runId: string, folder: string = tmpdir()): string {
  return join(folder, `proclife-${runId}.checkpoint.sock`)
}

/** Unlinks a run's socket if the sentinel did not (it was killed); never rejects. */
export async function removeRunSocket(path: string): Promise<void> {
  await unlink(path).catch(() => {})
}
