// Rewrites the table of checks in docs/checks.md from the registry (`npm run docs:checks`).
import { readFileSync, writeFileSync } from 'node:fs'
import { checkTable } from '@proclife/report'

const file = new URL('../docs/checks.md', import.meta.url)
const text = readFileSync(file, 'utf8')
const updated = text.replace(
  /(<!-- checks-table:start -->\n)[\s\S]*?(\n<!-- checks-table:end -->)/,
  `$1${checkTable()}$2`,
)
writeFileSync(file, updated)
process.stdout.write(updated === text ? 'docs/checks.md is current\n' : 'docs/checks.md updated\n')
