/**
 * GitHub Copilot usage: `GET https://api.github.com/copilot_internal/user`.
 * It is a GitHub API call, so it takes the GitHub token (kept as the
 * account's `refreshToken`, see core/auth/providers/copilot.ts) as
 * `Authorization: token …`, not the short-lived Copilot token.
 * `quota_snapshots.{chat, completions, premium_interactions}` carry
 * `entitlement`, `remaining`, `unlimited` (and `percent_remaining`);
 * `quota_reset_date` (a date, monthly) says when they refill.
 */
import type { QuotaWindow } from '../../shared/quota.js';
import {
  isRecord,
  measuredWindow,
  numberIn,
  parseError,
  timeIn,
  type QuotaReader,
} from '../quota-reader.js';

export const COPILOT_USAGE_URL = 'https://api.github.com/copilot_internal/user';

const SNAPSHOTS: readonly { id: string; label: string }[] = [
  { id: 'premium_interactions', label: 'Premium requests' },
  { id: 'chat', label: 'Chat' },
  { id: 'completions', label: 'Completions' },
];

export const copilotQuotaReader: QuotaReader = {
  request: ({ refreshToken }) => {
    if (refreshToken === undefined) {
      return {
        kind: 'credentials',
        message: 'No GitHub token is stored for this Copilot account; log in again',
      };
    }
    return {
      url: COPILOT_USAGE_URL,
      method: 'GET',
      // api.github.com refuses requests without a User-Agent.
      headers: {
        authorization: `token ${refreshToken}`,
        accept: 'application/json',
        'user-agent': 'Switchyard',
      },
    };
  },
  parse(body, now) {
    if (!isRecord(body)) return parseError('The Copilot usage reply is not a JSON object');
    const snapshots = body['quota_snapshots'];
    if (!isRecord(snapshots)) return parseError('The Copilot usage reply has no quota_snapshots');
    const resetsAt = timeIn(body['quota_reset_date_utc']) ?? timeIn(body['quota_reset_date']);
    const windows: QuotaWindow[] = [];
    for (const { id, label } of SNAPSHOTS) {
      const snapshot = snapshots[id];
      if (!isRecord(snapshot)) continue;
      const base = { id, label, kind: 'monthly' as const, unit: 'requests' as const, resetsAt };
      if (snapshot['unlimited'] === true) {
        windows.push(measuredWindow({ ...base, unlimited: true }, now));
        continue;
      }
      const limit = numberIn(snapshot['entitlement']);
      const remaining = numberIn(snapshot['remaining']);
      const percentRemaining = numberIn(snapshot['percent_remaining']);
      const used =
        limit !== undefined && remaining !== undefined ? Math.max(0, limit - remaining) : undefined;
      const usedPercent =
        used !== undefined && limit !== undefined && limit > 0
          ? (used / limit) * 100
          : percentRemaining === undefined
            ? undefined
            : 100 - percentRemaining;
      if (usedPercent === undefined && limit === undefined) continue;
      windows.push(measuredWindow({ ...base, used, limit, usedPercent }, now));
    }
    return windows;
  },
};
