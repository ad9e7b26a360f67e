/** `switchyard provider remove`: drops a provider entry and deletes its stored key. */
import { providerSecretName } from '../../storage/secret-store.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';

const USAGE = 'provider remove <id>';

export const providerRemove: Command = {
  path: ['provider', 'remove'],
  usage: USAGE,
  summary: 'Remove a provider and its stored API key',
  async run(ctx, args) {
    const { positionals } = parseCommandArgs(args, {}, { min: 1, max: 1, usage: USAGE });
    const id = positionals[0] ?? '';
    await (
      await ctx.settings()
    ).update((draft) => {
      const before = draft.providers.length;
      draft.providers = draft.providers.filter((provider) => provider.id !== id);
      if (draft.providers.length === before) {
        throw new CliError('not_found', `no provider with id '${id}'`);
      }
    });
    // Delete whatever is stored under the name, even if settings did not record a key.
    await (await ctx.secrets()).delete(providerSecretName(id));
    ctx.output({ removed: id }, [`Removed provider '${id}' and its stored API key`]);
    return 0;
  },
};
