#!/usr/bin/env node
// The static checks `npm test` runs before its tests: the type check, the lint and the layout
// check, at the same time. Each is one single-threaded process, so on a 2-core machine one after
// another they took the sum of the three (tsc 26 s, eslint 57 s, prettier 20 s of CPU at load 30),
// together about the longest. Each one's output is printed whole when it ends, so the three never
// interleave; exits 1 if any failed, after all have ended.
//
//   node scripts/check.mjs
import { Buffer } from 'node:buffer'
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { performance } from 'node:perf_hooks'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = (name) => join(root, 'node_modules', '.bin', name)

/** What runs: the tool (a workspace binary) and its arguments. */
const checks = [
  ['tsc', '-p', 'tsconfig.json'],
  ['eslint', '.'],
  ['prettier', '--check', '--log-level', 'warn', '.'],
]

const run = ([tool, ...args]) =>
  new Promise((resolve) => {
    const started = performance.now()
    const child = spawn(bin(tool), args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    const output = []
    child.stdout.on('data', (chunk) => output.push(chunk))
    child.stderr.on('data', (chunk) => output.push(chunk))
    let ended = false
    const done = (code, why) => {
      if (ended) return // a failed start is reported by 'error', then by 'close'
      ended = true
      const seconds = ((performance.now() - started) / 1000).toFixed(1)
      const text = Buffer.concat(output).toString()
      if (text.trim()) process.stderr.write(text.endsWith('\n') ? text : `${text}\n`)
      process.stderr.write(`${code === 0 ? 'ok' : 'FAILED'}  ${[tool, ...args].join(' ')}: ${why ?? ''}${seconds} s\n`)
      resolve(code === 0)
    }
    child.on('error', (error) => done(1, `could not start: ${error.message}; `))
    child.on('close', (code, signal) => done(code ?? 1, signal ? `killed by ${signal}; ` : undefined))
  })

const results = await Promise.all(checks.map(run))
process.exitCode = results.every(Boolean) ? 0 : 1
