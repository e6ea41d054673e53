import { describe, expect, it } from 'vitest'
import { programArgv, programLine, programOf, runTitle } from '../src/program.js'

// Pictures name the user's program: these are the command lines vitest, the runner and the grader
// really start (vitest's worker passes its execArgv on to `child_process.fork`).

describe('programArgv', () => {
  it.each([
    [
      ['/usr/bin/node', '--experimental-import-meta-resolve', '--conditions', 'development', '/w/test/worker.js', '3'],
      ['worker.js', '3'],
    ],
    [['node', '--import', 'tsx', '--conditions=@proclife/source', '/w/pool/worker.ts'], ['worker.ts']],
    [['node', '-r', 'ts-node/register', '--no-warnings', 'x.js'], ['x.js']],
    [['node', '--', '-weird.js'], ['-weird.js']],
    [
      ['/usr/bin/python3.12', '-u', '-X', 'dev', '/lab/zombie.py', 'a'],
      ['zombie.py', 'a'],
    ],
    [
      ['python3', '-m', 'http.server', '8000'],
      ['-m', 'http.server', '8000'],
    ],
    [
      ['python3', '-c', 'import os; os.fork()'],
      ['-c', 'import os; os.fork()'],
    ],
    [
      ['/bin/sh', '-c', 'sleep 30 & wait'],
      ['-c', 'sleep 30 & wait'],
    ],
    [['sh', '/w/job.sh'], ['job.sh']],
    [
      ['/bin/sleep', '30'],
      ['sleep', '30'],
    ],
    [['node'], ['node']],
    [[], []],
  ])('%j → %j', (argv, program) => {
    expect(programArgv(argv)).toEqual(program)
  })
})

describe('programOf and programLine', () => {
  it('name the script, not the interpreter and its flags', () => {
    const worker = {
      comm: 'node',
      argv: ['/usr/bin/node', '--experimental-import-meta-resolve', '/w/worker.js', '--size', '3'],
    }
    expect(programOf(worker)).toBe('worker.js')
    expect(programLine(worker)).toBe('worker.js --size 3')
  })

  it('name code run by an option with its interpreter', () => {
    expect(
      programOf({
        comm: 'python3',
        argv: ['/usr/bin/python3', '-c', 'from multiprocessing.spawn import spawn_main; spawn_main()'],
      }),
    ).toBe('python3 -c')
    expect(
      programLine({
        comm: 'python3',
        argv: ['/usr/bin/python3', '-c', 'from multiprocessing.spawn import spawn_main; spawn_main()'],
      }),
    ).toBe('python3 -c from multiprocessing.spawn i…')
  })

  it('fall back on comm when argv could not be read', () => {
    expect(programOf({ comm: 'kworker', argv: null })).toBe('kworker')
    expect(programLine({ comm: 'kworker', argv: [] })).toBe('kworker')
  })
})

describe('runTitle', () => {
  it("names the program without the harness's wrapper", () => {
    const wrapper = ['unshare', '--net', 'nsenter', '--target=4242', '--mount', '--wd', '--']
    expect(runTitle({ command: [...wrapper, '/usr/bin/python3', '/tmp/x/work/reap.py'], wrapper })).toBe(
      'proclife run  reap.py',
    )
    expect(runTitle({ command: ['/usr/bin/node', '/w/forks.js'] })).toBe('proclife run  forks.js')
  })
})
