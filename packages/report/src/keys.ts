/**
 * The keys a run's terminal can be typed, by name. The line discipline gives the control ones
 * their meaning (with the default termios the sentinel leaves in place): ctrl-c is VINTR (SIGINT
 * to the foreground process group), ctrl-z VSUSP (SIGTSTP to it), ctrl-\ VQUIT (SIGQUIT), ctrl-d
 * VEOF (end of input at the start of a line).
 */
export const KEYS = {
  'ctrl-c': '\x03',
  'ctrl-z': '\x1a',
  'ctrl-\\': '\x1c',
  'ctrl-d': '\x04',
  enter: '\n',
} as const

/** A key's name: `ctrl-c`, `ctrl-z`, `ctrl-\`, `ctrl-d`, `enter`. */
export type KeyName = keyof typeof KEYS

/** Whether `name` is one of {@link KEYS}. */
export function isKeyName(name: string): name is KeyName {
  return Object.hasOwn(KEYS, name)
}

const NAME_OF = new Map<string, string>(
  Object.entries(KEYS)
    .filter(([name]) => name !== 'enter')
    .map(([name, text]) => [text, name]),
)

/**
 * Typed text as it would be read aloud: a named control key by its name, other text quoted,
 * e.g. `ctrl-z`, `"fg\n"`, `"sleep 5\n" then ctrl-c`.
 */
export function describeKeys(text: string): string {
  const parts: string[] = []
  let plain = ''
  for (const ch of text) {
    const name = NAME_OF.get(ch)
    if (name === undefined) {
      plain += ch
      continue
    }
    if (plain !== '') parts.push(JSON.stringify(plain))
    plain = ''
    parts.push(name)
  }
  if (plain !== '') parts.push(JSON.stringify(plain))
  return parts.join(' then ')
}
