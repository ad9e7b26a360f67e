/**
 * ChatGPT (Codex) usage: `GET https://chatgpt.com/backend-api/wham/usage`
 * with the bearer and `chatgpt-account-id`. `rate_limit.primary_window` (5 h)
 * and `secondary_window` (weekly) carry `used_percent`, `reset_at` (epoch
 * seconds), `reset_after_seconds` and `limit_window_seconds`; the secondary
 * can be null. The same numbers ride on responses as `x-codex-*` headers
 * (`core/quota/headers.ts`), so both use the window ids chosen here.
 */
import type { QuotaWindow, QuotaWindowKind } from '../../shared/quota.js';
import {
  isRecord,
  measuredWindow,
  numberIn,
  parseError,
  timeIn,
  type QuotaReader,
} from '../quota-reader.js';

export const CODEX_USAGE_URL = 'https://chatgpt.com/backend-api/wham/usage';

export type CodexWindowPosition = 'primary' | 'secondary';

const LABELS: Record<QuotaWindowKind, string> = {
  five_hour: '5-hour',
  daily: 'Daily',
  weekly: 'Weekly',
  monthly: 'Monthly',
  other: 'Usage',
};

/** The window's kind from its length, falling back to what its position usually means. */
export function codexWindowKind(
  lengthSeconds: number | undefined,
  position: CodexWindowPosition,
): QuotaWindowKind {
  if (lengthSeconds !== undefined) {
    const hours = lengthSeconds / 3600;
    if (Math.abs(hours - 5) < 0.5) return 'five_hour';
    if (Math.abs(hours - 24) < 1) return 'daily';
    if (Math.abs(hours - 168) < 2) return 'weekly';
    if (hours >= 28 * 24 && hours <= 31 * 24) return 'monthly';
    return 'other';
  }
  return position === 'primary' ? 'five_hour' : 'weekly';
}

/** One Codex window; `id` is the kind so the endpoint and the headers meet in one window. */
export function codexWindow(
  position: CodexWindowPosition,
  fields: {
    usedPercent: number | undefined;
    lengthSeconds: number | undefined;
    resetsAt: number | undefined;
  },
  now: number,
  source: QuotaWindow['source'],
): QuotaWindow {
  const kind = codexWindowKind(fields.lengthSeconds, position);
  const id = kind === 'other' ? position : kind;
  return measuredWindow(
    { id, label: LABELS[kind], kind, usedPercent: fields.usedPercent, resetsAt: fields.resetsAt },
    now,
    source,
  );
}

export const codexQuotaReader: QuotaReader = {
  request: ({ accessToken, extra }) => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${accessToken}`,
      accept: 'application/json',
    };
    const account = extra['chatgpt_account_id'];
    if (account !== undefined) headers['chatgpt-account-id'] = account;
    return { url: CODEX_USAGE_URL, method: 'GET', headers };
  },
  parse(body, now) {
    if (!isRecord(body) || !('rate_limit' in body)) {
      return parseError('The Codex usage reply has no rate_limit');
    }
    const rateLimit = body['rate_limit'];
    // A plan without limits answers `rate_limit: null`.
    if (!isRecord(rateLimit)) return [];
    const windows: QuotaWindow[] = [];
    for (const position of ['primary', 'secondary'] as const) {
      const entry = rateLimit[`${position}_window`];
      if (!isRecord(entry)) continue;
      const usedPercent = numberIn(entry['used_percent']);
      const after = numberIn(entry['reset_after_seconds']);
      const resetsAt =
        timeIn(entry['reset_at']) ?? (after === undefined ? undefined : now + after * 1000);
      if (usedPercent === undefined && resetsAt === undefined) continue;
      windows.push(
        codexWindow(
          position,
          { usedPercent, lengthSeconds: numberIn(entry['limit_window_seconds']), resetsAt },
          now,
          'usage-endpoint',
        ),
      );
    }
    return windows;
  },
};
