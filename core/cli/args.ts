/** Argument parsing on node:util parseArgs: the global flags plus each command's own. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './errors.js';

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

export const GLOBAL_OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies OptionsConfig;

/**
 * Parses a command's arguments (the command words already removed) strictly.
 * Positionals are counted here rather than by parseArgs, whose message would
 * echo a stray value back, and a stray value may be a pasted secret.
 */
export function parseCommandArgs<const T extends OptionsConfig>(
  args: readonly string[],
  options: T,
  positionals: { min: number; max: number; usage: string },
) {
  const parsed = parseArgs({
    args: [...args],
    options: { ...GLOBAL_OPTIONS, ...options },
    allowPositionals: true,
    strict: true,
  });
  const count = parsed.positionals.length;
  if (count < positionals.min) {
    throw new CliError('usage', `missing argument; usage: switchyard ${positionals.usage}`);
  }
  if (count > positionals.max) {
    throw new CliError('usage', `too many arguments; usage: switchyard ${positionals.usage}`);
  }
  return parsed;
}

/** Splits `a, b,,c` into `['a', 'b', 'c']`. */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
