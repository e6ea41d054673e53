import { discoverInterpreters } from '@proclife/runner'
import type { Finding } from './doctor-finding.js'

/**
 * The doctor's list of interpreters: one line per binary this machine has (Pythons from PATH,
 * pyenv, asdf, /usr/bin/python3*; Nodes from PATH, nvm, asdf, Volta, fnm, /usr/bin and the
 * running one), resolved and asked its version, then the candidates that did not answer.
 */
export async function interpreterFindings(): Promise<Finding[]> {
  const { interpreters, skipped } = await discoverInterpreters()
  const pythons = interpreters.filter((i) => i.kind === 'python')
  const findings: Finding[] = interpreters.map((i) => ({
    status: 'ok',
    label: `${i.kind} ${i.version ?? ''}`.trimEnd(),
    value: `${i.path} (${i.sources.join(', ')})`,
    meaning:
      i.kind === 'node'
        ? i.isDefault
          ? 'the Node that runs proclife runs .js and .ts fixtures'
          : 'proclife run --node all (or --node <version>) runs a fixture on it too'
        : i.isDefault
          ? 'what python3 on PATH runs: a plain proclife run uses it'
          : 'proclife run --python all (or --python <version>) runs a fixture on it too',
  }))
  if (pythons.length === 0)
    findings.unshift({
      status: 'warn',
      label: 'python',
      value: 'none found (PATH, pyenv, asdf, /usr/bin)',
      meaning: 'Python fixtures cannot run here',
    })
  for (const s of skipped)
    findings.push({
      status: 'warn',
      label: 'not an interpreter',
      value: `${s.path}: ${s.why}`,
      meaning: 'left out of proclife run --python all and --node all',
    })
  return findings
}
