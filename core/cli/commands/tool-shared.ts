/** What `connect` and `disconnect` share: finding the tool, showing diffs, asking before writing. */
import { TOOLS, findTool } from '../../tools/index.js';
import type { ToolsContext } from '../../tools/service.js';
import type { ShownChange } from '../../tools/shown-diff.js';
import { ToolEditError, type ToolDefinition } from '../../tools/types.js';
import type { CommandContext } from '../context.js';
import { CliError } from '../errors.js';

export function toolById(id: string): ToolDefinition {
  const tool = findTool(id);
  if (tool === undefined) {
    throw new CliError(
      'not_found',
      `unknown tool '${id}'; expected one of: ${TOOLS.map((t) => t.id).join(', ')}`,
    );
  }
  return tool;
}

/** Runs a plan step, turning a refused edit into a CLI error that names the file. */
export async function guarded<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof ToolEditError) {
      throw new CliError('unsafe_edit', error.message, { cause: error });
    }
    throw error;
  }
}

/** The CLI's view of the tools: the configured port, since the server may not be running. */
export async function toolsContext(ctx: CommandContext): Promise<ToolsContext> {
  const settings = await ctx.settings();
  return {
    home: ctx.deps.home,
    dataDir: await ctx.dataDir(),
    settings,
    findBinary: ctx.deps.findBinary,
    port: () => settings.get().server.port,
  };
}

export function printDiffs(ctx: CommandContext, changes: readonly ShownChange[]): void {
  if (ctx.json) return;
  for (const change of changes) ctx.io.stdout.write(change.diff);
}

/**
 * Applying needs --yes, or a "y" typed at a terminal. Without a terminal
 * nobody can answer, so the command stops after showing the diff.
 */
export async function confirmApply(
  ctx: CommandContext,
  yes: boolean,
  rerun: string,
): Promise<void> {
  if (yes) return;
  if (ctx.io.stdin.isTTY !== true) {
    throw new CliError(
      'confirmation_required',
      `nothing was changed: not a terminal, so re-run with --yes to apply the change above (${rerun} --yes)`,
    );
  }
  ctx.io.stderr.write('Apply this change? [y/N] ');
  const answer = await readLine(ctx.io.stdin);
  if (!/^y(es)?$/i.test(answer.trim())) {
    throw new CliError('confirmation_required', 'nothing was changed');
  }
}

async function readLine(stdin: AsyncIterable<string | Uint8Array>): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split('\n')[0] ?? '';
}
