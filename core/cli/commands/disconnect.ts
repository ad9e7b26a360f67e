/**
 * `switchyard disconnect <tool>`: undoes `connect`. Files untouched since
 * Switchyard wrote them get their original bytes back (or are removed if
 * Switchyard created them); files the user edited since lose only
 * Switchyard's own keys.
 */
import { applyDisconnect } from '../../tools/safe-edit.js';
import { planToolDisconnect } from '../../tools/service.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { confirmApply, guarded, printDiffs, toolById, toolsContext } from './tool-shared.js';

const USAGE = 'disconnect <tool> [--dry-run] [--yes]';

const HOW = {
  restore: 'restored from backup, byte for byte',
  delete: 'removed (Switchyard had created it)',
  surgical: "changed since Switchyard wrote it (or no backup): removed only Switchyard's settings",
} as const;

export const disconnect: Command = {
  path: ['disconnect'],
  usage: USAGE,
  summary: "Undo connect: restore a tool's config, or remove only Switchyard's settings",
  details: ['--dry-run    print the diff only', '--yes        apply without asking'],
  async run(ctx, args) {
    const { values, positionals } = parseCommandArgs(
      args,
      { 'dry-run': { type: 'boolean', default: false }, yes: { type: 'boolean', default: false } },
      { min: 1, max: 1, usage: USAGE },
    );
    const tool = toolById(positionals[0] ?? '');
    const tools = await toolsContext(ctx);
    const { effective, backup, changes } = await guarded(() => planToolDisconnect(tools, tool));
    if (effective.length === 0) {
      if (backup !== undefined && !values['dry-run']) await applyDisconnect([], backup);
      ctx.output({ tool: tool.id, changed: false, changes }, [
        `${tool.displayName} carries no Switchyard settings; nothing to undo.`,
      ]);
      return 0;
    }
    printDiffs(ctx, changes);
    const summary = effective.map((plan) => `  ${plan.file.path}: ${HOW[plan.how ?? 'surgical']}`);
    if (values['dry-run']) {
      ctx.output({ tool: tool.id, dryRun: true, changes }, [
        ...summary,
        '(dry run: nothing was written)',
      ]);
      return 0;
    }
    if (ctx.json && !values.yes) ctx.output({ tool: tool.id, applied: false, changes }, []);
    await confirmApply(ctx, values.yes, `switchyard disconnect ${tool.id}`);
    await applyDisconnect(effective, backup);
    ctx.output(
      {
        tool: tool.id,
        applied: true,
        changes,
        files: effective.map((plan) => ({ path: plan.file.path, how: plan.how })),
      },
      [`Disconnected ${tool.displayName}:`, ...summary],
    );
    return 0;
  },
};
