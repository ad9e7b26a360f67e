/**
 * One request as the usage ledger keeps it, and the shapes of the ledger's
 * answers. Pure types shared by core, the CLI and the UI.
 */

export type RequestOutcome = 'completed' | 'client_aborted' | 'upstream_error' | 'rejected';

export interface RequestRecord {
  /** The `x-switchyard-request-id` the client saw; joins the route trace. */
  requestId: string;
  /** Epoch ms the request arrived. */
  at: number;
  /** Router key id, when the client sent one. */
  keyId?: string;
  /** The client's wire format: `openai-chat`, `openai-responses`, `anthropic`, `gemini`, `ollama`. */
  inbound: string;
  /** What the client asked for: a model, a combo or `auto`. */
  requested: string;
  /** The combo that routed it, when one did. */
  combo?: string;
  /** Provider prefix and account id that served it (empty when nothing did). */
  prefix: string;
  accountId: string;
  /** The model id the upstream saw. */
  model: string;
  /** HTTP status the client got. */
  status: number;
  outcome: RequestOutcome;
  latencyMs: number;
  /** Time to the first content byte, for streams. */
  ttftMs?: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  /** Part of `output`, kept apart for display; never priced twice. */
  reasoning: number;
  /** True when any token number was estimated locally. */
  estimated: boolean;
  /** What this request cost the user: $0 on a subscription. */
  costUsd: number;
  /** The same tokens at API list price, for comparison ("API-equivalent value"). */
  apiValueUsd: number;
}

export type UsageGroupBy = 'day' | 'provider' | 'account' | 'model' | 'combo' | 'key';

export interface UsageTotals {
  requests: number;
  errors: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  reasoning: number;
  /** Requests whose token numbers include an estimate. */
  estimatedRequests: number;
  costUsd: number;
  apiValueUsd: number;
}

export interface UsageSummaryRow extends UsageTotals {
  /** The group's key: a UTC day `YYYY-MM-DD`, a prefix, an account id, a model, a combo or a key id ('' for none). */
  group: string;
}

export interface UsageSummary {
  from: number;
  to: number;
  by: UsageGroupBy;
  rows: UsageSummaryRow[];
  totals: UsageTotals;
}

export interface UsagePoint extends UsageTotals {
  /** Bucket start, epoch ms (UTC). */
  t: number;
}

/** The dimensions a series can be split along. */
export type UsageSplit = Extract<UsageGroupBy, 'provider' | 'model' | 'combo'>;

export interface UsageSeriesGroup {
  /**
   * A prefix, a model or a combo, as in `UsageSummaryRow.group` ('' for no
   * combo); null for the "other" group that sums every group past the top ones.
   */
  key: string | null;
  /** One per bucket, at the same `t` as the series' own points. */
  points: UsagePoint[];
}

export interface UsageSeries {
  from: number;
  to: number;
  bucket: 'hour' | 'day';
  points: UsagePoint[];
  /** Present when the series was asked for `by` a dimension. */
  by?: UsageSplit;
  /**
   * The top groups by tokens (input + output) over the range, largest first,
   * then the "other" group when there are more: bucket by bucket they add up
   * to `points`.
   */
  groups?: UsageSeriesGroup[];
}
