/** `switchyard usage`: tokens, requests and cost over a period, grouped one way. */
import type { UsageGroupBy, UsageSummary, UsageTotals } from '../../shared/usage.js';
import { UsageQueries } from '../../usage/queries.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { parseSince } from '../durations.js';
import { CliError } from '../errors.js';
import { withLedger } from '../ledger-access.js';
import { formatTable } from '../table.js';

const USAGE = 'usage [--since 7d] [--by provider|account|model|combo|key|day]';
const GROUPS: readonly UsageGroupBy[] = ['provider', 'account', 'model', 'combo', 'key', 'day'];

export const usage: Command = {
  path: ['usage'],
  usage: USAGE,
  summary: 'Show requests, tokens and cost recorded in the usage ledger',
  details: [
    '--since T   7d, 24h, 30m, 2w or a date like 2026-11-01 (default 7d)',
    '--by G      provider, account, model, combo, key or day (default provider)',
    'Cost is what you paid at the margin ($0 on a subscription); API value is',
    'what the same tokens would cost at API list prices.',
  ],
  async run(ctx, args) {
    const { values } = parseCommandArgs(
      args,
      { since: { type: 'string' }, by: { type: 'string' } },
      { min: 0, max: 0, usage: USAGE },
    );
    const now = Date.now();
    const since = values.since ?? '7d';
    const from = parseSince(since, now);
    if (from === undefined || from >= now) {
      throw new CliError(
        'invalid_argument',
        `--since must look like 7d, 24h, 30m, 2w or 2026-11-01`,
      );
    }
    const by = (values.by ?? 'provider') as UsageGroupBy;
    if (!GROUPS.includes(by)) {
      throw new CliError('invalid_argument', `--by must be one of ${GROUPS.join(', ')}`);
    }
    const summary = withLedger(await ctx.dataDir(), (db) =>
      new UsageQueries(db).summary({ from, to: now + 1, by }),
    );
    if (summary === undefined) {
      ctx.output(
        { summary: null },
        'No usage recorded yet: start the server with `switchyard serve`.',
      );
      return 0;
    }
    const keyNames = new Map(
      (await ctx.settings()).get().routerKeys.map((key) => [key.id, key.name] as const),
    );
    ctx.output(
      { summary },
      describe(summary, since, (group) => keyNames.get(group)),
    );
    return 0;
  },
};

function describe(
  summary: UsageSummary,
  since: string,
  keyName: (id: string) => string | undefined,
): string[] {
  if (summary.totals.requests === 0) return [`No requests in the last ${since}.`];
  const name = (group: string): string => {
    if (group === '') return '(none)';
    if (summary.by !== 'key') return group;
    const known = keyName(group);
    return known === undefined ? group : `${known} (${group})`;
  };
  const row = (label: string, totals: UsageTotals): string[] => [
    label,
    count(totals.requests),
    count(totals.errors),
    count(totals.input),
    count(totals.output),
    count(totals.cacheRead),
    count(totals.cacheWrite),
    usd(totals.costUsd),
    usd(totals.apiValueUsd),
  ];
  const lines = formatTable(
    [
      summary.by.toUpperCase(),
      'REQUESTS',
      'ERRORS',
      'INPUT',
      'OUTPUT',
      'CACHE READ',
      'CACHE WRITE',
      'COST',
      'API VALUE',
    ],
    [...summary.rows.map((group) => row(name(group.group), group)), row('TOTAL', summary.totals)],
  );
  const saved = summary.totals.apiValueUsd - summary.totals.costUsd;
  const notes = [
    '',
    `Since ${new Date(summary.from).toISOString()}. API value is the same tokens at API list prices, for comparison.`,
  ];
  if (saved > 0.005) notes.push(`Subscriptions saved about ${usd(saved)} against API prices.`);
  if (summary.totals.estimatedRequests > 0) {
    notes.push(
      `${count(summary.totals.estimatedRequests)} requests include estimated token counts.`,
    );
  }
  return [...lines, ...notes];
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

function usd(value: number): string {
  return value >= 100 ? `$${value.toFixed(0)}` : `$${value.toFixed(2)}`;
}
