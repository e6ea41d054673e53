import { execFile } from 'node:child_process'

/** Bound on `ps` output: about 6,000 bytes per process for 10,000 processes with long command lines. */
export const MAX_PS_OUTPUT_BYTES = 64 * 1024 * 1024

/** What one `ps` run printed and how it ended. */
export interface PsOutput {
  /** Bytes, so that each line can be decoded on its own (see `readRows`). */
  readonly stdout: Buffer
  readonly stderr: string
  /** 0, or 1 when procps / BSD `ps -p` found none of the pids asked for. */
  readonly exitCode: number
}

/**
 * The environment `ps` runs in: the C locale, so that `lstart` is English and every byte is one
 * column (procps shows other bytes as `?`); UTC, so that `lstart` is never ambiguous; and without
 * procps' `PS_PERSONALITY` / `CMD_ENV`, which would change how options are read.
 */
function psEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C', TZ: 'UTC' }
  delete env.PS_PERSONALITY
  delete env.CMD_ENV
  return env
}

/** Runs `ps` (found on `PATH`) once with `args`; rejects only when it could not run or did not finish. */
export function runPs(args: readonly string[]): Promise<PsOutput> {
  return new Promise((resolve, reject) => {
    execFile(
      'ps',
      args,
      { env: psEnvironment(), maxBuffer: MAX_PS_OUTPUT_BYTES, encoding: 'buffer', windowsHide: true },
      (error, stdout, stderrBytes) => {
        const stderr = stderrBytes.toString('utf8')
        if (error === null) {
          resolve({ stdout, stderr, exitCode: 0 })
          return
        }
        const code = (error as NodeJS.ErrnoException).code as unknown
        if (code === 'ENOENT') {
          reject(
            new Error(
              'ps backend: the `ps` command was not found on PATH. Install it (procps on Linux) ' +
                'or, on Linux, use the /proc backend instead.',
              { cause: error },
            ),
          )
        } else if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          reject(new Error(`ps backend: \`ps\` printed more than ${MAX_PS_OUTPUT_BYTES} bytes`, { cause: error }))
        } else if (typeof code === 'number') {
          resolve({ stdout, stderr, exitCode: code })
        } else {
          reject(new Error(`ps backend: \`ps ${args.join(' ')}\` failed: ${error.message}`, { cause: error }))
        }
      },
    )
  })
}

/** The error for a `ps` that ran but did not accept our options (busybox `ps`, for one). */
export function psFailed(args: readonly string[], output: PsOutput): Error {
  const said = output.stderr.trim().split('\n').slice(0, 3).join(' / ')
  return new Error(
    `ps backend: \`ps ${args.join(' ')}\` exited with code ${output.exitCode}${said ? `: ${said}` : ''}. ` +
      'It needs a procps or BSD `ps` (busybox `ps` lacks -o lstart and -ww).',
  )
}
