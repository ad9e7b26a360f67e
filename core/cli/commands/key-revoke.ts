/** `switchyard key revoke`: deletes a router key; clients using it are refused from then on. */
import { revokeRouterKey } from '../../storage/router-keys.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';

const USAGE = 'key revoke <id>';

export const keyRevoke: Command = {
  path: ['key', 'revoke'],
  usage: USAGE,
  summary: 'Revoke a router API key',
  async run(ctx, args) {
    const { positionals } = parseCommandArgs(args, {}, { min: 1, max: 1, usage: USAGE });
    const id = positionals[0] ?? '';
    if (!(await revokeRouterKey(await ctx.settings(), id))) {
      throw new CliError('not_found', `no router key with id '${id}' (see: switchyard key list)`);
    }
    ctx.output({ revoked: id }, [`Revoked router key ${id}`]);
    return 0;
  },
};
