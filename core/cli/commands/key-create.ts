/** `switchyard key create`: issues a router key and shows it exactly once. */
import { issueRouterKey } from '../../storage/router-keys.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';

const USAGE = 'key create [--name N]';
const NOTE = 'Copy it now: it is shown only once and cannot be recovered.';

export const keyCreate: Command = {
  path: ['key', 'create'],
  usage: USAGE,
  summary: 'Create a router API key for clients (shown once)',
  details: ['--name N    a label to tell keys apart (default: "default")'],
  async run(ctx, args) {
    const { values } = parseCommandArgs(
      args,
      { name: { type: 'string' } },
      { min: 0, max: 0, usage: USAGE },
    );
    const { key, record } = await issueRouterKey(await ctx.settings(), values.name ?? 'default');
    ctx.output(
      {
        key,
        id: record.id,
        name: record.name,
        hint: record.hint,
        createdAt: record.createdAt,
        note: NOTE,
      },
      [`Created router key ${record.id} (${record.name}):`, '', `  ${key}`, '', NOTE],
    );
    return 0;
  },
};
