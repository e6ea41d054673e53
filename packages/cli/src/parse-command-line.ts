import { parseArgs, type ParseArgsConfig } from 'node:util'
import { UsageError } from './usage-error.js'

type Options = NonNullable<ParseArgsConfig['options']>

/** A negative number, as a value: `-5`, `-0.5`. */
const NEGATIVE = /^-\d/

/**
 * `--timeout -5` as `--timeout=-5`: Node's parser refuses a value that starts with a dash, with
 * advice about its own syntax; written joined, the value reaches the command's own check, which
 * says what the option takes.
 */
function joinNegativeValues(args: readonly string[], options: Options): string[] {
  const out: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '--') return [...out, ...args.slice(i)]
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : null
    const next = args[i + 1]
    if (name !== null && options[name]?.type === 'string' && next !== undefined && NEGATIVE.test(next)) {
      out.push(`${arg}=${next}`)
      i++
    } else {
      out.push(arg)
    }
  }
  return out
}

/** The first option Node's message quotes (`'--timeout <value>'`, `'-h, --help'`): `--timeout`, `-h`. */
const quotedOption = (message: string): string => /'(-{1,2}[^' ,<]+)/.exec(message)?.[1]?.trim() ?? 'an option'

/**
 * A `parseArgs` error in proclife's own words, one line: which option, what is wrong with it, and
 * where the command's options are listed.
 */
function usageErrorFrom(error: unknown, args: readonly string[], command: string): UsageError {
  const { code, message } = error as { code?: string; message: string }
  const option = quotedOption(message)
  const help = `proclife ${command} --help lists its options`
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown option ${option}; ${help}`)
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`unexpected argument "${/'([^']*)'/.exec(message)?.[1] ?? ''}"; ${help}`)
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      if (/does not take an argument/.test(message)) return new UsageError(`${option} takes no value; ${help}`)
      const at = args.findIndex((a) => a === option)
      const next = at >= 0 ? args[at + 1] : undefined
      if (next === undefined) return new UsageError(`${option} needs a value after it; ${help}`)
      return new UsageError(
        `${option} needs a value, and "${next}" after it is an option (a value that starts with "-" is written ${option}=${next})`,
      )
    }
    default:
      return new UsageError(message.split('\n')[0]!)
  }
}

/**
 * `node:util`'s `parseArgs` (strict, positionals allowed) for a proclife command, whose every
 * error is a one-line {@link UsageError} of proclife's own rather than Node's parser text.
 */
export function parseCommandLine<T extends ParseArgsConfig & { options: Options }>(
  command: string,
  config: T,
): ReturnType<typeof parseArgs<T>> {
  const args = joinNegativeValues(config.args ?? [], config.options)
  try {
    return parseArgs<T>({ ...config, args })
  } catch (error) {
    throw usageErrorFrom(error, args, command)
  }
}
