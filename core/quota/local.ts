/**
 * Switchyard's own token accounting as quota windows, for plans without a
 * usage endpoint whose caps the user typed in (`tokenLimits`). Counted
 * tokens are input + output + cache writes; cache reads are left out
 * because coding tools re-read huge cached prompts that plans meter far
 * below fresh input. Windows, all UTC:
 * - `five_hour`: rolling 5 h; `resetsAt` is when everything counted now has aged out (now + 5 h).
 * - `daily`: the calendar day.
 * - `weekly`: the ISO week (from Monday 00:00), so it has a real reset time like the others.
 * - `monthly`: the calendar month.
 */
import type { QuotaWindow, QuotaWindowKind } from '../shared/quota.js';

export interface LocalTokens {
  requests: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** The usage ledger, as far as quota needs it. */
export interface LocalUsage {
  tokensSince(accountId: string, sinceMs: number): LocalTokens;
}

export interface TokenLimits {
  fiveHour?: number | undefined;
  daily?: number | undefined;
  weekly?: number | undefined;
  monthly?: number | undefined;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Span {
  key: keyof TokenLimits;
  kind: QuotaWindowKind;
  label: string;
  span(now: number): { since: number; resetsAt: number };
}

const SPANS: readonly Span[] = [
  {
    key: 'fiveHour',
    kind: 'five_hour',
    label: '5-hour (estimated)',
    span: (now) => ({ since: now - 5 * HOUR, resetsAt: now + 5 * HOUR }),
  },
  {
    key: 'daily',
    kind: 'daily',
    label: 'Daily (estimated)',
    span: (now) => {
      const since = Math.floor(now / DAY) * DAY;
      return { since, resetsAt: since + DAY };
    },
  },
  {
    key: 'weekly',
    kind: 'weekly',
    label: 'Weekly (estimated)',
    span: (now) => {
      const day = Math.floor(now / DAY) * DAY;
      const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
      const since = day - sinceMonday * DAY;
      return { since, resetsAt: since + 7 * DAY };
    },
  },
  {
    key: 'monthly',
    kind: 'monthly',
    label: 'Monthly (estimated)',
    span: (now) => {
      const date = new Date(now);
      const since = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
      return { since, resetsAt: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) };
    },
  },
];

/** The tokens that count against a plan's cap. */
export function countedTokens(tokens: LocalTokens): number {
  return tokens.input + tokens.output + tokens.cacheWrite;
}

/** One estimated window per limit the user set; none when no limit is set. */
export function localQuotaWindows(
  usage: LocalUsage,
  accountId: string,
  limits: TokenLimits | undefined,
  now: number,
): QuotaWindow[] {
  if (limits === undefined) return [];
  const windows: QuotaWindow[] = [];
  for (const { key, kind, label, span } of SPANS) {
    const limit = limits[key];
    if (limit === undefined || limit <= 0) continue;
    const { since, resetsAt } = span(now);
    const used = countedTokens(usage.tokensSince(accountId, since));
    windows.push({
      id: kind,
      label,
      kind,
      usedPercent: Math.min(100, (used / limit) * 100),
      used,
      limit,
      unit: 'tokens',
      resetsAt,
      source: 'local',
      observedAt: now,
      estimated: true,
    });
  }
  return windows;
}
