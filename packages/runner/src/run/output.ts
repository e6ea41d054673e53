import type { Readable } from 'node:stream'

/**
 * Keeps the first `limit` bytes of a stream and counts the rest. The stream is always drained to
 * its end, so a fixture that floods its output never blocks on a full pipe.
 */
export class BoundedOutput {
  private readonly chunks: Buffer[] = []
  private kept = 0
  private readonly listeners = new Set<() => void>()
  private over = false
  /** Every byte seen, kept or not. */
  bytes = 0
  /** Resolves when the stream has ended (or errored). */
  readonly ended: Promise<void>

  /** `onLimit` is called once, when the first byte past the limit arrives. */
  constructor(
    stream: Readable | null | undefined,
    private readonly limit: number,
    private readonly onLimit?: () => void,
  ) {
    this.ended = new Promise((resolve) => {
      if (!stream) return resolve()
      stream.on('data', (chunk: Buffer) => this.push(chunk))
      stream.once('end', resolve)
      stream.once('close', resolve)
      stream.once('error', () => resolve())
    })
    void this.ended.then(() => {
      this.over = true
      this.tell()
    })
  }

  /** Whether the stream has ended: no more bytes will come. */
  get done(): boolean {
    return this.over
  }

  /** Calls `listener` after each chunk kept and when the stream ends; returns how to stop. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private tell(): void {
    for (const listener of [...this.listeners]) listener()
  }

  private push(chunk: Buffer): void {
    const before = this.bytes
    this.bytes += chunk.length
    if (before <= this.limit && this.bytes > this.limit) this.onLimit?.()
    const room = this.limit - this.kept
    if (room <= 0) return
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk
    this.chunks.push(part)
    this.kept += part.length
    this.tell()
  }

  /** Whether bytes were dropped. */
  get truncated(): boolean {
    return this.bytes > this.kept
  }

  /** The kept bytes as UTF-8 text (a character cut at the limit is dropped). */
  text(): string {
    return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(this.chunks)).replace(/\uFFFD$/, '')
  }
}
