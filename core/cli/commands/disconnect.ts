/**
 * `switchyard disconnect <tool>`: undoes `connect`. Files untouched since
 * Switchyard wrote them get their original bytes back (or are removed if
 * Switchyard created them); files the user edited since lose only
 * Switchyard's own keys.
 */
import { applyDisconnect, planDisconnect } from '../../tools/safe-edit.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { confirmApply, diffsOf, guarded, printDiffs, toolById } from './tool-shared.js';

const USAGE = 'disconnect <tool> [--dry-run] [--yes]';

const HOW = {
  restore: 'restored from backup, byte for byte',
  delete: 'removed (Switchyard had created it)',
  surgical: "changed since Switchyard wrote it (or no backup): removed only Switchyard's settings",
} as const;

/** Router keys in a removal diff are masked like everywhere else. */
function maskKeys(text: string): string {
  return text.replace(/sy-[A-Za-z0-9_-]{8,}/g, (key) => `sy-…${key.slice(-4)}`);
}

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
    const dataDir = await ctx.dataDir();
    const { plans, backup } = await guarded(() => planDisconnect(dataDir, tool, ctx.deps.home));
    const effective = plans.filter((plan) => plan.how === 'delete' || plan.before !== plan.after);
    const changes = diffsOf(effective, maskKeys);
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
