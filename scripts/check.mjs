#!/usr/bin/env node
// The static checks: the type check, the lint and the layout check, at the same time. Each is one
// single-threaded process, so on a 2-core machine one after another they took the sum of the three
// (tsc 26 s, eslint 57 s, prettier 20 s of CPU at load 30), together about the longest.
//
//   node scripts/check.mjs                      the three checks
//   node scripts/check.mjs --beside CMD ARGS…   the three checks and CMD at the same time (npm test:
//                                               the tests start at once, and use the cores the
//                                               checks leave idle)
//
// A check's output is printed whole when it ends (with --beside, after CMD's, which is not
// buffered), so nothing interleaves. Exits with CMD's status if it failed, else 1 if a check
// failed, else 0; always after everything has ended.
import { Buffer } from 'node:buffer'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import os from 'node:os'
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

const besideAt = process.argv.indexOf('--beside')
const beside = besideAt >= 0 ? process.argv.slice(besideAt + 1) : []
if (besideAt >= 0 && beside.length === 0) {
  process.stderr.write('check.mjs: --beside needs a command\n')
  process.exit(2)
}

/** Runs the --beside command with this terminal; resolves with its exit status. */
const runBeside = () =>
  new Promise((resolve) => {
    const [command, ...args] = beside
    const local = bin(command) // a workspace binary, as npm's scripts find it
    const child = spawn(existsSync(local) ? local : command, args, { cwd: root, stdio: 'inherit' })
    child.on('error', (error) => {
      process.stderr.write(`check.mjs: could not start ${command}: ${error.message}\n`)
      resolve(127)
    })
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1)))
  })

/** The --beside command's exit status (0 without one); the checks' reports wait for it. */
const besideStatus = beside.length ? runBeside() : Promise.resolve(0)

const run = ([tool, ...args]) =>
  new Promise((resolve) => {
    const started = performance.now()
    const child = spawn(bin(tool), args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    const output = []
    child.stdout.on('data', (chunk) => output.push(chunk))
    child.stderr.on('data', (chunk) => output.push(chunk))
    let ended = false
    const done = async (code, why) => {
      if (ended) return // a failed start is reported by 'error', then by 'close'
      ended = true
      const seconds = ((performance.now() - started) / 1000).toFixed(1)
      await besideStatus
      const text = Buffer.concat(output).toString()
      if (text.trim()) process.stderr.write(text.endsWith('\n') ? text : `${text}\n`)
      process.stderr.write(`${code === 0 ? 'ok' : 'FAILED'}  ${[tool, ...args].join(' ')}: ${why ?? ''}${seconds} s\n`)
      resolve(code === 0)
    }
    child.on('error', (error) => done(1, `could not start: ${error.message}; `))
    child.on('close', (code, signal) => done(code ?? 1, signal ? `killed by ${signal}; ` : undefined))
  })

const results = await Promise.all(checks.map(run))
const status = await besideStatus
process.exitCode = status !== 0 ? status : results.every(Boolean) ? 0 : 1
