import { readFileSync, writeFileSync } from 'node:fs'
import type { Reporter, TestModule } from 'vitest/node'

/** What one test carries beside its result: its annotations and artifacts, attachments decoded or read from their file. */
export interface Annotated {
  readonly name: string
  readonly annotations: readonly { readonly type: string; readonly message: string }[]
  readonly artifacts: readonly { readonly type: string; readonly message: string; readonly attachments: readonly { readonly contentType: string | undefined; readonly path: string | undefined; readonly body: string }[] }[]
}

const decode = (raw: string | Uint8Array | undefined): string => {
  const text = raw === undefined ? '' : typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8')
  return text.startsWith('<') ? text : Buffer.from(text, 'base64').toString('utf8')
}

// Writes each test's annotations and artifacts (what reporters and vitest's UI can show beside a
// failure) to the file named by ANNOTATIONS.
export default class AnnotationsReporter implements Reporter {
  onTestRunEnd(modules: readonly TestModule[]): void {
    const tests: Annotated[] = []
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        tests.push({
          name: test.name,
          annotations: test.annotations().map((a) => ({ type: a.type, message: a.message })),
          artifacts: test.artifacts().map((a) => {
            const { type, message, attachments } = a as unknown as { type: string; message: string; attachments?: { contentType?: string; path?: string; body?: string | Uint8Array }[] }
            // A file attachment points at vitest's copy in its attachmentsDir: its bytes are read there.
            return { type, message, attachments: (attachments ?? []).map((at) => ({ contentType: at.contentType, path: at.path, body: at.path === undefined ? decode(at.body) : readFileSync(at.path, 'utf8') })) }
          }),
        })
      }
    }
    writeFileSync(process.env['ANNOTATIONS']!, JSON.stringify(tests))
  }
}
