import { expect, test } from 'vitest'
import {
  diffSnapshots,
  findReaper,
  identityOf,
  isSameProcess,
  probeReaper,
  readProcessSync,
  snapshotSync,
  subtreeSync,
} from '../src/index.js'
import { killWhenFinished, start } from './helpers/processes.js'

/**
 * sh with a background sleep: prints the sleep's pid; when stdin closes, exits and so orphans the
 * sleep (or, with `orphan` false, kills and reaps it first).
 */
async function parentOfSleeper(orphan = true) {
  const script = 'sleep 1000 </dev/null >/dev/null 2>&1 & echo $!; read _'
  const sh = start('/bin/sh', ['-c', orphan ? script : `${script}; kill $!; wait`])
  const pid = Number(await sh.nextLine())
  const sleeper = readProcessSync(pid)
  expect(sleeper?.ppid).toBe(sh.pid)
  if (!sleeper) throw new Error('no sleeper')
  if (orphan) killWhenFinished(identityOf(sleeper), sh.pid)
  return { sh, sleeper }
}

test('an orphan is adopted by the reaper findReaper names', async () => {
  const { sh, sleeper } = await parentOfSleeper()
  const reaper = findReaper(sleeper.pid)
  if (!reaper) throw new Error('no reaper found')
  expect(reaper.kind).not.toBe('unknown')
  // Without a probe, the ancestors between here and init cannot be ruled out as subreapers.
  expect(reaper.unchecked).toContain(process.pid)
  const before = subtreeSync(sleeper.pid)

  await sh.finish()
  await expect.poll(() => readProcessSync(sleeper.pid)?.ppid).not.toBe(sh.pid)
  const after = subtreeSync(sleeper.pid)
  const adopter = after.processes.get(sleeper.pid)?.ppid ?? 0
  expect([reaper.pid, ...reaper.unchecked]).toContain(adopter)
  expect(diffSnapshots(before, after).changed).toMatchObject([
    { pid: sleeper.pid, ppid: { from: sh.pid, to: adopter } },
  ])

  expect(isSameProcess(sleeper)).toBe(true)
  process.kill(sleeper.pid, 'SIGKILL')
  await expect.poll(() => (isSameProcess(sleeper) ? readProcessSync(sleeper.pid)?.state : 'gone')).toMatch(/^(Z|gone)$/)
})

test('probeReaper sees who adopts, leaves nothing running, and settles findReaper', async () => {
  const probed = await probeReaper()
  expect(probed.kind).toBe(probed.pid === 1 ? 'init' : 'subreaper')
  expect(probed.unchecked).toEqual([])
  const probeSleepers = () =>
    [...snapshotSync().processes.values()].filter((p) => p.argv?.[1] === '2147483647' && p.state !== 'Z')
  expect(probeSleepers()).toEqual([])

  const { sh, sleeper } = await parentOfSleeper()
  expect(findReaper(sleeper.pid)).toEqual({ ...probed, unchecked: [] })
  await sh.finish()
  await expect.poll(() => readProcessSync(sleeper.pid)?.ppid).toBe(probed.pid)
})

test('probeReaper can wait until its orphan is reaped', async () => {
  await probeReaper({ awaitReaping: true })
  expect([...snapshotSync().processes.values()].filter((p) => p.argv?.[1] === '2147483647')).toEqual([])
})

test('findReaper takes declared subreapers, and has no answer for init or a missing pid', async () => {
  const { sleeper } = await parentOfSleeper(false)
  expect(findReaper(sleeper.pid, { subreapers: [process.pid] })).toMatchObject({
    pid: process.pid,
    kind: 'subreaper',
    unchecked: [],
  })
  expect(findReaper(1)).toBeUndefined()
  expect(findReaper(2 ** 22 + 1)).toBeUndefined()
})
