/** The shape of one `switchyard` command. */
import type { CommandContext } from './context.js';

export interface Command {
  /** The words that select it: `['provider', 'add']`. */
  path: readonly string[];
  /** Arguments after the command words, for help and usage errors. */
  usage: string;
  summary: string;
  /** Extra help lines (options), shown by `--help`. */
  details?: readonly string[];
  /** Receives the arguments with the command words removed; returns the exit code. */
  run(ctx: CommandContext, args: readonly string[]): Promise<number>;
}
