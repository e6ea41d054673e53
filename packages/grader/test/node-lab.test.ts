import { describe, expect, it } from 'vitest'
import { proveLab } from '../src/index.js'
import { expectNothingLeft, repoRoot } from './helpers.js'

describe('the Node.js example lab (fixtures/labs/node-processes)', () => {
  it('is proven: `import { checkpoint } from "proclife"` works in a student\'s module, and each solution scores as it should', async () => {
    const proof = await proveLab(`${repoRoot}fixtures/labs/node-processes`)
    expect(proof.cases.filter((c) => !c.ok).map((c) => `${c.name}: ${c.error ?? c.actualFails.join(', ')}`)).toEqual([])
    expect(Object.fromEntries(proof.cases.map((c) => [c.name, c.score]))).toEqual({
      reference: 20,
      'no-orphan-worker/kill-worker': 7,
      'no-orphan-worker/process-exit': 7,
      'wait-for-exit/detached': 4,
      'wait-for-exit/exit-code-too-early': 7,
    })
    // The checkpoints came from the students' modules: the reference's child called "child".
    const reference = proof.cases[0]!.result!
    expect(reference.exercises[0]!.stdout).toBe('child exited with 7\n')
    for (const c of proof.cases) expectNothingLeft(c.result!)
  })
})
