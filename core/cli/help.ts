/** Help text, built from the command table so it cannot drift from it. */
import type { Command } from './command.js';

const GLOBAL_LINES = [
  'Global options:',
  '  --data-dir DIR   where settings and secrets live (or set SWITCHYARD_DATA_DIR)',
  '  --json           machine-readable output',
  '  -h, --help       show help',
];

export function topHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.path.join(' ').length));
  return [
    'Usage: switchyard <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.path.join(' ').padEnd(width)}  ${command.summary}`),
    '',
    ...GLOBAL_LINES,
  ].join('\n');
}

export function groupHelp(group: string, commands: readonly Command[]): string {
  return topHelp(commands.filter((command) => command.path[0] === group));
}

export function commandHelp(command: Command): string {
  return [
    `Usage: switchyard ${command.usage}`,
    '',
    command.summary,
    ...(command.details === undefined
      ? []
      : ['', 'Options:', ...command.details.map((l) => `  ${l}`)]),
    '',
    ...GLOBAL_LINES,
  ].join('\n');
}
