/** A progress line: counts steps as they are done. */
export interface Progress {
  step(): void
  /** Clears the line, so that a line of output can be written above it. */
  clear(): void
  end(): void
}

/** On a terminal, one line on stderr counting what is done; nothing in a pipe. */
export function showProgress(stream: NodeJS.WriteStream, total: number, what: string, verb = 'grading'): Progress {
  if (!stream.isTTY) return { step: () => {}, clear: () => {}, end: () => {} }
  let done = 0
  const started = performance.now()
  const draw = (): void => {
    stream.write(
      `\r\u001B[2K${verb} — ${done}/${total} ${what}, ${((performance.now() - started) / 1000).toFixed(1)} s`,
    )
  }
  const timer = setInterval(draw, 200)
  draw()
  return {
    step: () => {
      done++
      draw()
    },
    clear: () => stream.write('\r\u001B[2K'),
    end: () => {
      clearInterval(timer)
      stream.write('\r\u001B[2K')
    },
  }
}
