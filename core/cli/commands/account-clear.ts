/**
 * `switchyard account clear <id>`: ends an account's cooldowns and its
 * "needs login" mark by hand. A running server is told through its
 * management API; otherwise the saved routing state is edited for the next start.
 */
import { RoutingPolicy } from '../../engine/routing-policy.js';
import { isResolveError, resolveProvider, type ResolvedProvider } from '../../providers/catalog.js';
import { loadRoutingState, saveRoutingState } from '../../routing/state-file.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { callRunningServer } from '../management-call.js';

const USAGE = 'account clear <id>';

export const accountClear: Command = {
  path: ['account', 'clear'],
  usage: USAGE,
  summary: 'End an account’s cooldowns and "needs login" mark now',
  async run(ctx, args) {
    const { positionals } = parseCommandArgs(args, {}, { min: 1, max: 1, usage: USAGE });
    const id = positionals[0] ?? '';
    const settings = (await ctx.settings()).get();
    if (!settings.providers.some((provider) => provider.id === id)) {
      throw new CliError('not_found', `no account '${id}'`);
    }
    const live = await callRunningServer(ctx, 'routing.clear', { accountId: id });
    if (live !== undefined) {
      ctx.output({ cleared: id, server: 'running' }, [`Cleared '${id}' on the running server.`]);
      return 0;
    }
    const dataDir = await ctx.dataDir();
    const providers = settings.providers
      .map(resolveProvider)
      .filter((provider): provider is ResolvedProvider => !isResolveError(provider));
    const saved = await loadRoutingState(dataDir);
    const routing = new RoutingPolicy(
      { providers: () => providers, settings: () => settings },
      saved,
    );
    routing.clear(id);
    await saveRoutingState(dataDir, routing.snapshot());
    ctx.output({ cleared: id, server: 'stopped' }, [
      `Cleared '${id}'; the server picks this up when it next starts.`,
    ]);
    return 0;
  },
};
