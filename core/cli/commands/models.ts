/** `switchyard models`: every `prefix/model` the enabled providers offer. */
import { isResolveError, listModelIds, resolveProvider } from '../../providers/catalog.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';

const USAGE = 'models';

export const models: Command = {
  path: ['models'],
  usage: USAGE,
  summary: 'List the models clients can ask for',
  async run(ctx, args) {
    parseCommandArgs(args, {}, { min: 0, max: 0, usage: USAGE });
    const groups = [];
    for (const config of (await ctx.settings()).get().providers) {
      const resolved = resolveProvider(config);
      if (isResolveError(resolved)) {
        ctx.warn('unknown_kind', `provider '${config.id}' has unknown kind '${resolved.kind}'`);
        continue;
      }
      if (!resolved.enabled) continue;
      groups.push({ id: resolved.id, prefix: resolved.prefix, models: listModelIds([resolved]) });
    }
    const text =
      groups.length === 0
        ? ['No enabled providers. Add one with: switchyard provider add <id> --kind <kind>']
        : groups.flatMap((group) => [
            `${group.id}:`,
            ...(group.models.length === 0
              ? [`  (no model list; any ${group.prefix}/<model> is forwarded)`]
              : group.models.map((id) => `  ${id}`)),
          ]);
    ctx.output({ models: groups.flatMap((group) => group.models), providers: groups }, text);
    return 0;
  },
};
