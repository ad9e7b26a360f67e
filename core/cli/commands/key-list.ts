/** `switchyard key list`: router keys by id, name and last four characters. */
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { formatTable } from '../table.js';

const USAGE = 'key list';

export const keyList: Command = {
  path: ['key', 'list'],
  usage: USAGE,
  summary: 'List router API keys (never the keys themselves)',
  async run(ctx, args) {
    parseCommandArgs(args, {}, { min: 0, max: 0, usage: USAGE });
    const keys = (await ctx.settings())
      .get()
      .routerKeys.map(({ id, name, hint, createdAt }) => ({ id, name, hint, createdAt }));
    ctx.output(
      { keys },
      keys.length === 0
        ? ['No router keys. Create one with: switchyard key create --name <label>']
        : formatTable(
            ['ID', 'NAME', 'HINT', 'CREATED'],
            keys.map((key) => [key.id, key.name, `…${key.hint}`, key.createdAt]),
          ),
    );
    return 0;
  },
};
