/** `switchyard key create`: issues a router key and shows it exactly once. */
import { addRouterKey, type CreatedRouterKey } from '../../storage/router-keys.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import type { CommandContext } from '../context.js';

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
    const { key, record } = await issueRouterKey(ctx, values.name ?? 'default');
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

/** Creates a router key and saves its hash; the caller shows the key to the user once. */
export async function issueRouterKey(ctx: CommandContext, name: string): Promise<CreatedRouterKey> {
  return addRouterKey(await ctx.settings(), name);
}
