/**
 * Claude Pro/Max usage: `GET https://api.anthropic.com/api/oauth/usage` with
 * the OAuth bearer and `anthropic-beta: oauth-2025-04-20`. Each window is
 * `{utilization, resets_at}`: utilization is a percentage (0–100), resets_at
 * ISO 8601; a window the plan lacks comes back as null. Facts:
 * /work/shared/docs/providers.md.
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

export const CLAUDE_USAGE_URL = 'https://api.anthropic.com/api/oauth/usage';

const WINDOWS: readonly { id: string; label: string; kind: QuotaWindowKind }[] = [
  { id: 'five_hour', label: '5-hour', kind: 'five_hour' },
  { id: 'seven_day', label: 'Weekly', kind: 'weekly' },
  { id: 'seven_day_opus', label: 'Weekly (Opus)', kind: 'weekly' },
  { id: 'seven_day_sonnet', label: 'Weekly (Sonnet)', kind: 'weekly' },
];

export const claudeQuotaReader: QuotaReader = {
  request: ({ accessToken }) => ({
    url: CLAUDE_USAGE_URL,
    method: 'GET',
    headers: {
      authorization: `Bearer ${accessToken}`,
      'anthropic-beta': 'oauth-2025-04-20',
      accept: 'application/json',
    },
  }),
  parse(body, now) {
    if (!isRecord(body)) return parseError('The Claude usage reply is not a JSON object');
    if (!WINDOWS.some(({ id }) => id in body)) {
      return parseError('The Claude usage reply names no quota window');
    }
    const windows: QuotaWindow[] = [];
    for (const { id, label, kind } of WINDOWS) {
      const entry = body[id];
      if (!isRecord(entry)) continue;
      const usedPercent = numberIn(entry['utilization']);
      const resetsAt = timeIn(entry['resets_at']);
      if (usedPercent === undefined && resetsAt === undefined) continue;
      windows.push(measuredWindow({ id, label, kind, usedPercent, resetsAt }, now));
    }
    // `extra_usage` is paid overage, not a subscription window: leaving it out keeps
    // "stop at N%" about the plan itself.
    return windows;
  },
};
