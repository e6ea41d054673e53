import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { readProcessSync, signalProcess } from '@proclife/proctable'
import { gradingTmp, privateMountsAvailable, removeStaleCgroups, removeStaleRunFolders } from '../src/index.js'
import { exampleLab } from './helpers.js'

const made: string[] = []
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})

/** A pid that no process has any more (a child that has exited and been reaped). */
function deadPid(): number {
  const child = spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' })
  return Number(child.stdout.trim())
}

describe('the run folders a grader leaves behind', () => {
  it("are removed by the next grader when their grader is gone (pid and start time), never followed; a live grader's are kept", () => {
    // In a folder of this test's own: the graders of the other test files sweep the grading
    // folder when they start, and could remove the stale folder before this test's sweep does.
    const tmp = mkdtempSync(join(gradingTmp(), 'proclife-test-'))
    made.push(tmp)
    const outside = join(tmp, `proclife-outside-${process.pid}`)
    writeFileSync(outside, 'keep me\n')
    made.push(outside)
    const stale = join(tmp, `proclife-grade-${deadPid()}-${Date.now().toString(36)}-abcdef`)
    mkdirSync(join(stale, 'work'), { recursive: true })
    writeFileSync(join(stale, 'work', 'main.py'), 'print(1)\n')
    symlinkSync(outside, join(stale, 'work', 'link'))
    // PID 1 started long before this folder was made: its grader is still there.
    const live = join(tmp, `proclife-build-1-${Date.now().toString(36)}-ghijkl`)
    const mine = join(tmp, `proclife-grade-${process.pid}-${Date.now().toString(36)}-mnopqr`)
    for (const dir of [live, mine]) mkdirSync(dir)
    made.push(stale, live, mine)

    expect(removeStaleRunFolders({ under: tmp })).toEqual([stale])
    expect(existsSync(stale)).toBe(false)
    expect(existsSync(outside)).toBe(true)
    expect(existsSync(live)).toBe(true)
    expect(existsSync(mine)).toBe(true)
  })

  it.skipIf(!privateMountsAvailable().ok)(
    'a grader SIGKILLed mid-batch: its copies (readable by root only) and cgroups are removed by the next one',
    async () => {
      const script = `import { gradeSubmissions } from '@proclife/grader'\nawait gradeSubmissions(${JSON.stringify(exampleLab)}, [${JSON.stringify(`${exampleLab}/submissions/reference`)}, ${JSON.stringify(`${exampleLab}/submissions/reference`)}], { concurrency: 2 })\n`
      const grader = spawn(
        process.execPath,
        ['--conditions=@proclife/source', '--import', 'tsx', '--input-type=module', '-e', script],
        { cwd: fileURLToPath(new URL('.', import.meta.url)), stdio: 'ignore' },
      )
      const ended = once(grader, 'exit')
      const prefix = `proclife-grade-${grader.pid}-`
      const ours = (): string[] => readdirSync(gradingTmp()).filter((e) => e.startsWith(prefix))
      // Bounded wait for a state: the grader has made its first copies.
      for (const start = performance.now(); ours().length < 2 && performance.now() - start < 60_000;)
        await new Promise((resolve) => setTimeout(resolve, 20))
      const copies = ours()
      expect(copies.length).toBeGreaterThanOrEqual(2)
      for (const copy of copies) expect(statSync(join(gradingTmp(), copy)).mode & 0o077).toBe(0)
      signalProcess(readProcessSync(grader.pid!)!, 'SIGKILL')
      await ended
      expect(ours().length).toBeGreaterThan(0)
      removeStaleRunFolders()
      await removeStaleCgroups()
      expect(ours()).toEqual([])
      for (const root of ['/sys/fs/cgroup/pids', '/sys/fs/cgroup/memory']) {
        let entries: string[] = []
        try {
          entries = readdirSync(root)
        } catch {
          /* no such hierarchy */
        }
        expect(entries.filter((e) => e.startsWith(`proclife-grade-${grader.pid}-`))).toEqual([])
      }
    },
    120_000,
  )
})
