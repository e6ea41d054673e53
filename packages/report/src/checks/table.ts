import { checkList } from './registry.js'

const code = (text: string | undefined): string => (text === undefined ? '—' : `\`${text}\``)

/**
 * The docs' table of checks (Markdown): each check of the registry, its vitest matchers, its lab
 * key and its `--assert` name. `docs/checks.md` holds it between markers, and a test keeps it current.
 */
export function checkTable(): string {
  const rows = checkList.map((c) => {
    const matchers = c.names.matchers?.map((m) => `\`${m}\``).join(', ') ?? '—'
    return `| \`${c.id}\` | ${c.subject} | ${matchers} | ${code(c.names.lab)} | ${code(c.names.assert?.name)} |`
  })
  return ['| check | of | vitest matcher | lab key | `--assert` |', '|---|---|---|---|---|', ...rows].join('\n')
}
