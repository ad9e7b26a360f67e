/**
 * How a provider's usage endpoint is read, described next to the provider:
 * `request` builds the call from an account's stored credentials, `parse`
 * turns the reply into quota windows. Both are pure (no I/O), so the poller
 * owns timing and transport, and each reader is tested with plain bodies.
 * Network input is `unknown` and narrowed here; `parse` never throws.
 */
import type { QuotaWindow, QuotaWindowKind } from '../shared/quota.js';

/** What a login stored for an account, as far as a usage endpoint needs it. */
export interface QuotaCredentials {
  accessToken: string;
  /** Copilot keeps its GitHub token here; the usage endpoint wants that one. */
  refreshToken?: string;
  extra: Readonly<Record<string, string>>;
}

export interface QuotaRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

/** Why a reader produced no request or no windows; a value, never thrown. */
export interface QuotaReaderError {
  kind: 'credentials' | 'parse';
  message: string;
}

export interface QuotaReader {
  request(credentials: QuotaCredentials): QuotaRequest | QuotaReaderError;
  /** `now` stamps `observedAt` and anchors relative reset times. */
  parse(body: unknown, now: number): QuotaWindow[] | QuotaReaderError;
}

/** Which family of rate-limit response headers carries quota windows for a provider. */
export type HeaderQuotaFormat = 'anthropic-unified' | 'codex';

export function isQuotaReaderError(value: unknown): value is QuotaReaderError {
  return isRecord(value) && (value['kind'] === 'credentials' || value['kind'] === 'parse');
}

export function parseError(message: string): QuotaReaderError {
  return { kind: 'parse', message };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A finite number, or a numeric string (some vendors quote numbers). */
export function numberIn(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

export function stringIn(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * A point in time as epoch ms: ISO / date text, or an epoch number (seconds
 * or ms, told apart by size). Undefined when unreadable.
 */
export function timeIn(value: unknown): number | undefined {
  const number = numberIn(value);
  if (number !== undefined)
    return number > 0 ? (number >= 1e12 ? number : number * 1000) : undefined;
  if (typeof value !== 'string') return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : at;
}

export function clampPercent(value: number): number {
  return Math.min(100, Math.max(0, value));
}

/** A measured window from a usage endpoint, with the optional fields set only when known. */
export function measuredWindow(
  fields: {
    id: string;
    label: string;
    kind: QuotaWindowKind;
    usedPercent?: number | undefined;
    used?: number | undefined;
    limit?: number | undefined;
    unit?: QuotaWindow['unit'] | undefined;
    unlimited?: boolean | undefined;
    resetsAt?: number | undefined;
  },
  now: number,
  source: QuotaWindow['source'] = 'usage-endpoint',
): QuotaWindow {
  const window: QuotaWindow = {
    id: fields.id,
    label: fields.label,
    kind: fields.kind,
    source,
    observedAt: now,
    estimated: false,
  };
  if (fields.usedPercent !== undefined) window.usedPercent = clampPercent(fields.usedPercent);
  if (fields.used !== undefined) window.used = fields.used;
  if (fields.limit !== undefined) window.limit = fields.limit;
  if (fields.unit !== undefined) window.unit = fields.unit;
  if (fields.unlimited === true) window.unlimited = true;
  if (fields.resetsAt !== undefined) window.resetsAt = fields.resetsAt;
  return window;
}
