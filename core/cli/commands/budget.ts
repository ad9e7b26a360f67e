/**
 * `switchyard budget set|clear|show`: USD spend limits per provider prefix
 * and per router key, per UTC day and month; `show` adds what was spent.
 */
import { emptySpendState, SpendBook, type SpendState } from '../../engine/spend.js';
import { loadRoutingState } from '../../routing/state-file.js';
import type { SpendLimit } from '../../storage/settings-schema.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { formatTable } from '../table.js';

const SET_USAGE = 'budget set provider|key <id> [--daily USD] [--monthly USD]';
const CLEAR_USAGE = 'budget clear provider|key <id>';
const SHOW_USAGE = 'budget show';

type Scope = 'providers' | 'keys';

function scopeOf(word: string | undefined, usage: string): Scope {
  if (word === 'provider') return 'providers';
  if (word === 'key') return 'keys';
  throw new CliError('usage', `say 'provider' or 'key'; usage: switchyard ${usage}`);
}

function usd(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new CliError('invalid_argument', `${flag} must be a positive amount of US dollars`);
  }
  return value;
}

export const budgetSet: Command = {
  path: ['budget', 'set'],
  usage: SET_USAGE,
  summary: 'Cap what a provider (all its accounts) or a router key may spend',
  details: [
    'provider <prefix>   routing skips the provider once over budget, until the period ends',
    'key <id>            requests with that router key get 429 once over budget',
    '--daily USD         per UTC day;  --monthly USD   per UTC month',
  ],
  async run(ctx, args) {
    const { values, positionals } = parseCommandArgs(
      args,
      { daily: { type: 'string' }, monthly: { type: 'string' } },
      { min: 2, max: 2, usage: SET_USAGE },
    );
    const scope = scopeOf(positionals[0], SET_USAGE);
    const id = positionals[1] ?? '';
    const daily = usd(values.daily, '--daily');
    const monthly = usd(values.monthly, '--monthly');
    if (daily === undefined && monthly === undefined) {
      throw new CliError('usage', `give --daily or --monthly; usage: switchyard ${SET_USAGE}`);
    }
    const limit: SpendLimit = {
      ...(daily === undefined ? {} : { dailyUsd: daily }),
      ...(monthly === undefined ? {} : { monthlyUsd: monthly }),
    };
    await (
      await ctx.settings()
    ).update((draft) => {
      const known =
        scope === 'providers'
          ? draft.providers.some((provider) => provider.prefix === id)
          : draft.routerKeys.some((key) => key.id === id);
      if (!known) {
        throw new CliError(
          'not_found',
          `no ${scope === 'providers' ? 'provider prefix' : 'router key'} '${id}'`,
        );
      }
      draft.budgets[scope][id] = { ...draft.budgets[scope][id], ...limit };
    });
    ctx.output({ scope, id, limit }, [`Budget for ${positionals[0]} '${id}' saved.`]);
    return 0;
  },
};

export const budgetClear: Command = {
  path: ['budget', 'clear'],
  usage: CLEAR_USAGE,
  summary: 'Remove a spend limit',
  async run(ctx, args) {
    const { positionals } = parseCommandArgs(args, {}, { min: 2, max: 2, usage: CLEAR_USAGE });
    const scope = scopeOf(positionals[0], CLEAR_USAGE);
    const id = positionals[1] ?? '';
    await (
      await ctx.settings()
    ).update((draft) => {
      delete draft.budgets[scope][id];
    });
    ctx.output({ scope, id, cleared: true }, [`Budget for ${positionals[0]} '${id}' removed.`]);
    return 0;
  },
};

export const budgetShow: Command = {
  path: ['budget', 'show'],
  usage: SHOW_USAGE,
  summary: 'Show spend limits and what was spent today and this month',
  async run(ctx, args) {
    parseCommandArgs(args, {}, { min: 0, max: 0, usage: SHOW_USAGE });
    const { budgets } = (await ctx.settings()).get();
    const state = await loadRoutingState(await ctx.dataDir());
    const spend = new SpendBook(
      (state.extra as { spend?: SpendState }).spend ?? emptySpendState(),
      Date.now,
    );
    const rows = (['providers', 'keys'] as const).flatMap((scope) =>
      Object.entries(budgets[scope]).map(([id, limit]) => ({
        scope: scope === 'providers' ? 'provider' : 'key',
        id,
        ...limit,
        ...spend.spent(scope, id),
      })),
    );
    const money = (value: number | undefined): string =>
      value === undefined ? '-' : `$${value.toFixed(2)}`;
    ctx.output(
      { budgets: rows },
      rows.length === 0
        ? ['No budgets set. Add one with: switchyard budget set provider <prefix> --daily 5']
        : formatTable(
            ['FOR', 'ID', 'TODAY', 'DAILY LIMIT', 'THIS MONTH', 'MONTHLY LIMIT'],
            rows.map((row) => [
              row.scope,
              row.id,
              money(row.dayUsd),
              money(row.dailyUsd),
              money(row.monthUsd),
              money(row.monthlyUsd),
            ]),
          ),
    );
    return 0;
  },
};
