/**
 * Quota windows read off the rate-limit headers of ordinary responses, so a
 * busy account's numbers stay fresh between polls. Only header families that
 * describe a subscription window are read: Anthropic's unified 5 h / 7 d
 * headers and Codex's `x-codex-*`. The generic `x-ratelimit-*` and
 * `anthropic-ratelimit-requests/tokens-*` headers describe per-minute API
 * limits, which routing already handles as cooldowns, so they are left out.
 */
import { firstHeaderValue, parseResetTime } from '../http/retry-after.js';
import type { HeaderQuotaFormat } from '../providers/quota-reader.js';
import { measuredWindow, numberIn } from '../providers/quota-reader.js';
import { codexWindow } from '../providers/registry/codex.quota.js';
import type { QuotaWindow, QuotaWindowKind } from '../shared/quota.js';

export type ResponseHeaders = Readonly<Record<string, string | string[] | undefined>>;

export function windowsFromHeaders(
  format: HeaderQuotaFormat,
  headers: ResponseHeaders,
  now: number,
): QuotaWindow[] {
  return format === 'anthropic-unified'
    ? anthropicUnified(headers, now)
    : codexHeaders(headers, now);
}

const ANTHROPIC_WINDOWS: readonly {
  claim: string;
  id: string;
  label: string;
  kind: QuotaWindowKind;
}[] = [
  { claim: '5h', id: 'five_hour', label: '5-hour', kind: 'five_hour' },
  { claim: '7d', id: 'seven_day', label: 'Weekly', kind: 'weekly' },
];

/**
 * `anthropic-ratelimit-unified-<claim>-utilization` is a fraction (0–1),
 * `-reset` epoch seconds, `-status` allowed / allowed_warning / rejected.
 * Ids match the usage endpoint's (`five_hour`, `seven_day`).
 */
function anthropicUnified(headers: ResponseHeaders, now: number): QuotaWindow[] {
  const windows: QuotaWindow[] = [];
  for (const { claim, id, label, kind } of ANTHROPIC_WINDOWS) {
    const prefix = `anthropic-ratelimit-unified-${claim}-`;
    const fraction = numberIn(value(headers, `${prefix}utilization`));
    const status = value(headers, `${prefix}status`);
    const resetText = value(headers, `${prefix}reset`);
    const resetsAt = resetText === undefined ? undefined : parseResetTime(resetText);
    const usedPercent =
      fraction !== undefined ? fraction * 100 : status === 'rejected' ? 100 : undefined;
    if (usedPercent === undefined) continue;
    windows.push(measuredWindow({ id, label, kind, usedPercent, resetsAt }, now, 'headers'));
  }
  return windows;
}

/** `x-codex-<primary|secondary>-used-percent`, `-window-minutes`, `-reset-at` (epoch s), `-reset-after-seconds`. */
function codexHeaders(headers: ResponseHeaders, now: number): QuotaWindow[] {
  const windows: QuotaWindow[] = [];
  for (const position of ['primary', 'secondary'] as const) {
    const prefix = `x-codex-${position}-`;
    const usedPercent = numberIn(value(headers, `${prefix}used-percent`));
    if (usedPercent === undefined) continue;
    const minutes = numberIn(value(headers, `${prefix}window-minutes`));
    const resetAt = value(headers, `${prefix}reset-at`);
    const after = numberIn(value(headers, `${prefix}reset-after-seconds`));
    const resetsAt =
      (resetAt === undefined ? undefined : parseResetTime(resetAt)) ??
      (after === undefined ? undefined : now + after * 1000);
    windows.push(
      codexWindow(
        position,
        { usedPercent, lengthSeconds: minutes === undefined ? undefined : minutes * 60, resetsAt },
        now,
        'headers',
      ),
    );
  }
  return windows;
}

function value(headers: ResponseHeaders, name: string): string | undefined {
  return firstHeaderValue(headers[name]);
}
