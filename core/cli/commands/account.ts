/**
 * `switchyard account list|enable|disable|remove`: every account (a provider
 * entry, API key or subscription login) with its routing status: ok, cooling
 * until T, needs login, or disabled.
 */
import { accountSecretNames } from '../../providers/accounts.js';
import { findProviderDefinition } from '../../providers/index.js';
import { loadRoutingState } from '../../routing/state-file.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import type { CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { formatTable } from '../table.js';

interface AccountView {
  id: string;
  provider: string;
  kind: string;
  auth: 'api-key' | 'oauth';
  label: string | null;
  plan: string | null;
  priority: number;
  enabled: boolean;
  status: string;
  termsRisk: string;
}

async function accountViews(ctx: CommandContext): Promise<AccountView[]> {
  const settings = (await ctx.settings()).get();
  const state = await loadRoutingState(await ctx.dataDir());
  const now = Date.now();
  const needsLogin =
    (state.extra as { needsLogin?: Record<string, { detail?: string }> }).needsLogin ?? {};
  return settings.providers.map((provider) => {
    const cooling = state.cooldowns.entries
      .filter((entry) => entry.accountId === provider.id && entry.until > now)
      .sort((a, b) => b.until - a.until)[0];
    const status = !provider.enabled
      ? 'disabled'
      : needsLogin[provider.id] !== undefined
        ? 'needs login'
        : cooling !== undefined
          ? `cooling until ${new Date(cooling.until).toISOString()}${cooling.model === undefined ? '' : ` (${cooling.model})`}`
          : 'ok';
    return {
      id: provider.id,
      provider: provider.prefix,
      kind: provider.kind,
      auth: provider.auth ?? 'api-key',
      label: provider.label ?? null,
      plan: provider.plan ?? null,
      priority: provider.priority ?? 0,
      enabled: provider.enabled,
      status,
      termsRisk: findProviderDefinition(provider.kind)?.termsRisk ?? 'none',
    };
  });
}

export const accountList: Command = {
  path: ['account', 'list'],
  usage: 'account list',
  summary: 'List accounts with their status (ok, cooling, needs login, disabled)',
  async run(ctx, args) {
    parseCommandArgs(args, {}, { min: 0, max: 0, usage: 'account list' });
    const accounts = await accountViews(ctx);
    ctx.output(
      { accounts },
      accounts.length === 0
        ? [
            'No accounts yet. Add one with: switchyard provider add <id> --kind <kind> --api-key-stdin',
          ]
        : formatTable(
            ['ACCOUNT', 'PROVIDER', 'AUTH', 'LABEL', 'PLAN', 'PRIORITY', 'STATUS', 'TERMS RISK'],
            accounts.map((account) => [
              account.id,
              account.provider,
              account.auth,
              account.label ?? '-',
              account.plan ?? '-',
              String(account.priority),
              account.status,
              account.termsRisk,
            ]),
          ),
    );
    return 0;
  },
};

function toggle(enabled: boolean): Command {
  const verb = enabled ? 'enable' : 'disable';
  const usage = `account ${verb} <id>`;
  return {
    path: ['account', verb],
    usage,
    summary: enabled ? 'Let routing use an account again' : 'Keep routing away from an account',
    async run(ctx, args) {
      const { positionals } = parseCommandArgs(args, {}, { min: 1, max: 1, usage });
      const id = positionals[0] ?? '';
      await (
        await ctx.settings()
      ).update((draft) => {
        const account = draft.providers.find((provider) => provider.id === id);
        if (account === undefined) throw new CliError('not_found', `no account '${id}'`);
        account.enabled = enabled;
      });
      ctx.output({ id, enabled }, [`Account '${id}' ${enabled ? 'enabled' : 'disabled'}.`]);
      return 0;
    },
  };
}

export const accountEnable = toggle(true);
export const accountDisable = toggle(false);

export const accountRemove: Command = {
  path: ['account', 'remove'],
  usage: 'account remove <id>',
  summary: 'Remove an account and every secret stored for it',
  async run(ctx, args) {
    const { positionals } = parseCommandArgs(
      args,
      {},
      { min: 1, max: 1, usage: 'account remove <id>' },
    );
    const id = positionals[0] ?? '';
    await (
      await ctx.settings()
    ).update((draft) => {
      const before = draft.providers.length;
      draft.providers = draft.providers.filter((provider) => provider.id !== id);
      if (draft.providers.length === before) throw new CliError('not_found', `no account '${id}'`);
    });
    const secrets = await ctx.secrets();
    for (const name of accountSecretNames(id)) await secrets.delete(name);
    ctx.output({ removed: id }, [`Removed account '${id}' and its stored credentials.`]);
    return 0;
  },
};
