/** `switchyard quota`: every account's quota windows, with their sources and reset times. */
import { mergeWindows, usedPercentOf, type MergedQuotaWindow } from '../../quota/merge.js';
import type { StoredAccountQuota } from '../../quota/store.js';
import type { QuotaSource } from '../../shared/quota.js';
import { SqliteQuotaStore } from '../../usage/quota-store.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { formatCountdown } from '../durations.js';
import { withLedger } from '../ledger-access.js';
import { formatTable } from '../table.js';

const USAGE = 'quota';

const SOURCE_NAMES: Readonly<Record<QuotaSource, string>> = {
  'usage-endpoint': 'usage endpoint',
  headers: 'response headers',
  local: 'local estimate',
};

export const quota: Command = {
  path: ['quota'],
  usage: USAGE,
  summary: 'Show what is left of each account’s quota and when it resets',
  details: [
    'Numbers come from the providers’ usage endpoints (polled while the server runs),',
    'from rate-limit headers on replies, or from local token counts (marked estimated).',
  ],
  async run(ctx, args) {
    parseCommandArgs(args, {}, { min: 0, max: 0, usage: USAGE });
    const now = Date.now();
    const stored =
      withLedger(await ctx.dataDir(), (db) => new SqliteQuotaStore(db).loadAll()) ??
      new Map<string, StoredAccountQuota>();
    const accounts = (await ctx.settings()).get().providers.map((entry) => {
      const saved = stored.get(entry.id);
      return {
        accountId: entry.id,
        prefix: entry.prefix,
        enabled: entry.enabled,
        windows: mergeWindows(saved?.windows ?? [], now).map((window) => view(window, now)),
        ...(saved?.poll === undefined ? {} : { poll: saved.poll }),
      };
    });
    if (accounts.length === 0) {
      ctx.output(
        { accounts },
        'No accounts yet: add one with `switchyard login` or `switchyard provider add`.',
      );
      return 0;
    }
    const rows = accounts.flatMap((account) =>
      account.windows.length === 0
        ? [[account.accountId, account.enabled ? '-' : '(disabled)', '', '', '', '']]
        : account.windows.map((window, index) => [
            index === 0 ? account.accountId : '',
            window.label,
            window.usedPercent === undefined ? usedCount(window) : `${round(window.usedPercent)}%`,
            window.resetsAt === undefined ? '-' : `in ${formatCountdown(window.resetsAt - now)}`,
            SOURCE_NAMES[window.source] + (window.estimated ? ' (estimated)' : ''),
            `${formatCountdown(now - window.observedAt)} ago`,
          ]),
    );
    const failures = accounts.flatMap((account) =>
      account.poll !== undefined && !account.poll.ok
        ? [`${account.accountId}: last usage poll failed: ${account.poll.error ?? 'unknown error'}`]
        : [],
    );
    ctx.output({ accounts }, [
      ...formatTable(['ACCOUNT', 'WINDOW', 'USED', 'RESETS', 'SOURCE', 'SEEN'], rows),
      ...(failures.length === 0 ? [] : ['', ...failures]),
    ]);
    return 0;
  },
};

type WindowView = MergedQuotaWindow & { resetsIn?: number };

function view(window: MergedQuotaWindow, now: number): WindowView {
  const percent = usedPercentOf(window);
  return {
    ...window,
    ...(percent === undefined ? {} : { usedPercent: percent }),
    ...(window.resetsAt === undefined ? {} : { resetsIn: Math.max(0, window.resetsAt - now) }),
  };
}

function usedCount(window: MergedQuotaWindow): string {
  if (window.unlimited === true) return 'unlimited';
  if (window.used === undefined) return '-';
  const limit = window.limit === undefined ? '' : ` of ${window.limit.toLocaleString('en-US')}`;
  return `${window.used.toLocaleString('en-US')}${limit} ${window.unit ?? ''}`.trimEnd();
}

function round(percent: number): string {
  return percent >= 10 ? percent.toFixed(0) : percent.toFixed(1);
}
