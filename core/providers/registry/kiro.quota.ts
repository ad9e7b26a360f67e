/**
 * Kiro usage: `GET https://codewhisperer.<region>.amazonaws.com/getUsageLimits
 * ?origin=AI_EDITOR&resourceType=AGENTIC_REQUEST` with the bearer.
 * `usageBreakdownList[]` has one entry per metered resource (`resourceType`
 * CREDIT, AGENTIC_REQUEST…) with `currentUsage`/`usageLimit` (and
 * `…WithPrecision` variants), an optional `freeTrialInfo` with its own
 * numbers and expiry, and `nextDateReset` (epoch seconds, per entry and at
 * the top) when the monthly allowance refills.
 */
import type { QuotaWindow } from '../../shared/quota.js';
import {
  isRecord,
  measuredWindow,
  numberIn,
  parseError,
  stringIn,
  timeIn,
  type QuotaReader,
} from '../quota-reader.js';

export const KIRO_DEFAULT_REGION = 'us-east-1';

export function kiroUsageUrl(region: string): string {
  return `https://codewhisperer.${region}.amazonaws.com/getUsageLimits?origin=AI_EDITOR&resourceType=AGENTIC_REQUEST`;
}

export const kiroQuotaReader: QuotaReader = {
  request: ({ accessToken, extra }) => {
    const stored = extra['region'];
    // The region becomes part of a host name: accept only the AWS shape.
    const region =
      stored !== undefined && /^[a-z]{2}(-[a-z]+)+-\d$/.test(stored) ? stored : KIRO_DEFAULT_REGION;
    return {
      url: kiroUsageUrl(region),
      method: 'GET',
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    };
  },
  parse(body, now) {
    if (!isRecord(body)) return parseError('The Kiro usage reply is not a JSON object');
    const list = body['usageBreakdownList'];
    if (!Array.isArray(list)) return parseError('The Kiro usage reply has no usageBreakdownList');
    const topReset = timeIn(body['nextDateReset']);
    const windows: QuotaWindow[] = [];
    list.forEach((item: unknown, index) => {
      if (!isRecord(item)) return;
      const resource = stringIn(item['resourceType']);
      const key = resource?.toLowerCase() ?? String(index);
      const label =
        stringIn(item['displayNamePlural']) ?? stringIn(item['displayName']) ?? 'Requests';
      const unit = resource === 'CREDIT' ? ('credits' as const) : ('requests' as const);
      const main = amounts(item);
      if (main !== undefined) {
        windows.push(
          measuredWindow(
            {
              id: `usage:${key}`,
              label,
              kind: 'monthly',
              unit,
              ...main,
              resetsAt: timeIn(item['nextDateReset']) ?? topReset,
            },
            now,
          ),
        );
      }
      const trial = item['freeTrialInfo'];
      if (isRecord(trial) && trial['freeTrialStatus'] !== 'EXPIRED') {
        const trialAmounts = amounts(trial);
        if (trialAmounts !== undefined) {
          windows.push(
            measuredWindow(
              {
                id: `trial:${key}`,
                label: `${label} (free trial)`,
                kind: 'other',
                unit,
                ...trialAmounts,
                resetsAt: timeIn(trial['freeTrialExpiry']),
              },
              now,
            ),
          );
        }
      }
    });
    return windows;
  },
};

function amounts(
  item: Record<string, unknown>,
): { used: number; limit: number; usedPercent: number | undefined } | undefined {
  const used = numberIn(item['currentUsageWithPrecision']) ?? numberIn(item['currentUsage']);
  const limit = numberIn(item['usageLimitWithPrecision']) ?? numberIn(item['usageLimit']);
  if (used === undefined || limit === undefined) return undefined;
  return { used, limit, usedPercent: limit > 0 ? (used / limit) * 100 : undefined };
}
