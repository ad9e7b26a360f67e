/**
 * The dashboard's questions. Ranges are [from, to) in epoch ms. Whole UTC
 * days inside a range are read from a daily rollup (`usage_daily_dim` for
 * unfiltered summaries and series, `usage_daily` when filtering by prefix or
 * key); the partial days at either edge from raw rows, so any range is exact
 * while raw rows exist. Raw rows older than retention are gone: an edge day that old counts
 * as empty, and hour series that far back are zeros.
 */
import type Database from 'better-sqlite3';
import type {
  RequestOutcome,
  RequestRecord,
  UsageGroupBy,
  UsagePoint,
  UsageSeries,
  UsageSeriesGroup,
  UsageSplit,
  UsageSummary,
  UsageSummaryRow,
  UsageTotals,
} from '../shared/usage.js';
import { DAY_MS, HOUR_MS, ceilTo, floorTo, utcDay } from './time.js';
import type { RollupDim } from './writer.js';

export type UsageQueryErrorCode =
  /** from/to are not finite numbers with from < to, or a limit is not a positive integer. */
  | 'invalid_range'
  /** A series would have more than MAX_SERIES_POINTS buckets. */
  | 'too_many_buckets';

export class UsageQueryError extends Error {
  readonly code: UsageQueryErrorCode;

  constructor(code: UsageQueryErrorCode, message: string) {
    super(message);
    this.name = 'UsageQueryError';
    this.code = code;
  }
}

export const MAX_SERIES_POINTS = 10_000;
export const MAX_RECENT = 1000;
/** Named groups in a split series; the rest sum into one "other" group. */
export const SPLIT_TOP_GROUPS = 5;

export interface SummaryQuery {
  from: number;
  to: number;
  by: UsageGroupBy;
}

export interface SeriesQuery {
  from: number;
  to: number;
  bucket: 'hour' | 'day';
  by?: UsageSplit;
}

export interface RecentQuery {
  limit: number;
  /** Only requests that arrived strictly before this epoch ms (paging). */
  before?: number;
  accountId?: string;
}

export interface TokenTotals {
  requests: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** Spend of one provider prefix, one router key, or everything. */
export type SpendFilter = { prefix: string } | { keyId: string } | Record<string, never>;

interface RowFilter {
  accountId?: string;
  prefix?: string;
  keyId?: string;
}

/** How one grouping reads each source: raw rows, `usage_daily`, and `usage_daily_dim`. */
interface GroupColumn {
  raw: string;
  daily: string;
  dim: RollupDim;
  /** The group expression within that dim's rows. */
  dimGroup: string;
}

const DAY_EXPR = "strftime('%Y-%m-%d', at / 1000, 'unixepoch')";
const GROUP_COLUMNS: Record<UsageGroupBy, GroupColumn> = {
  day: { raw: DAY_EXPR, daily: 'day', dim: 'all', dimGroup: 'day' },
  provider: { raw: 'prefix', daily: 'prefix', dim: 'provider', dimGroup: 'value' },
  account: { raw: 'account_id', daily: 'account_id', dim: 'account', dimGroup: 'value' },
  model: { raw: 'model', daily: 'model', dim: 'model', dimGroup: 'value' },
  combo: { raw: 'combo', daily: 'combo', dim: 'combo', dimGroup: 'value' },
  key: { raw: 'key_id', daily: 'key_id', dim: 'key', dimGroup: 'value' },
};
const NO_GROUP: GroupColumn = { raw: "''", daily: "''", dim: 'all', dimGroup: "''" };
const HOUR_GROUP: GroupColumn = {
  raw: `(at / ${HOUR_MS}) * ${HOUR_MS}`,
  daily: 'NULL',
  dim: 'all',
  dimGroup: 'NULL',
};

const RAW_TOTALS = `COUNT(*) AS requests,
  SUM(CASE WHEN status >= 400 OR outcome <> 'completed' THEN 1 ELSE 0 END) AS errors,
  SUM(input) AS input, SUM(output) AS output, SUM(cache_read) AS cacheRead,
  SUM(cache_write) AS cacheWrite, SUM(reasoning) AS reasoning,
  SUM(estimated) AS estimatedRequests, SUM(cost_usd) AS costUsd,
  SUM(api_value_usd) AS apiValueUsd`;
const DAILY_TOTALS = `SUM(requests) AS requests, SUM(errors) AS errors,
  SUM(input) AS input, SUM(output) AS output, SUM(cache_read) AS cacheRead,
  SUM(cache_write) AS cacheWrite, SUM(reasoning) AS reasoning,
  SUM(estimated) AS estimatedRequests, SUM(cost_usd) AS costUsd,
  SUM(api_value_usd) AS apiValueUsd`;

interface GroupedRow extends UsageTotals {
  g: string | number;
  /** The split column's value, when a second grouping was asked for. */
  s?: string;
}

interface RequestRow {
  request_id: string;
  at: number;
  key_id: string;
  inbound: string;
  requested: string;
  combo: string;
  prefix: string;
  account_id: string;
  model: string;
  status: number;
  outcome: string;
  latency_ms: number;
  ttft_ms: number | null;
  input: number;
  output: number;
  cache_read: number;
  cache_write: number;
  reasoning: number;
  estimated: number;
  cost_usd: number;
  api_value_usd: number;
}

/** A range split into raw edges and whole rollup days; `to` undefined means open-ended. */
interface RangePlan {
  raw: { from: number; to: number }[];
  days?: { from: string; to?: string };
}

export class UsageQueries {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  summary({ from, to, by }: SummaryQuery): UsageSummary {
    checkRange(from, to);
    const groups = this.grouped(planRange(from, to), GROUP_COLUMNS[by], {});
    const rows: UsageSummaryRow[] = [...groups].map(([group, totals]) => ({ group, ...totals }));
    rows.sort(
      (a, b) =>
        b.costUsd - a.costUsd ||
        b.requests - a.requests ||
        (a.group < b.group ? -1 : a.group > b.group ? 1 : 0),
    );
    const totals = emptyTotals();
    for (const row of rows) addTotals(totals, row);
    return { from, to, by, rows, totals };
  }

  /**
   * Buckets are aligned to UTC hours or days, so the first may start before
   * `from` (it still counts only [from, to)). Empty buckets are included as
   * zeros: charts get an even axis without filling gaps themselves. With
   * `by`, the split reads the same sources (the dimension's daily rollup for
   * day buckets, raw rows for hours) grouped by bucket and value.
   */
  series({ from, to, bucket, by }: SeriesQuery): UsageSeries {
    checkRange(from, to);
    const unit = bucket === 'day' ? DAY_MS : HOUR_MS;
    const start = floorTo(from, unit);
    const count = Math.ceil((to - start) / unit);
    if (count > MAX_SERIES_POINTS) {
      throw new UsageQueryError(
        'too_many_buckets',
        `${count} ${bucket} buckets asked for; the most is ${MAX_SERIES_POINTS}`,
      );
    }
    const read = (split?: GroupColumn) =>
      bucket === 'day'
        ? this.grouped(planRange(from, to), GROUP_COLUMNS.day, {}, split)
        : this.grouped({ raw: [{ from, to }] }, HOUR_GROUP, {}, split);
    const buckets: number[] = [];
    for (let t = start; t < to; t += unit) buckets.push(t);
    const bucketKey = (t: number) => (bucket === 'day' ? utcDay(t) : String(t));
    if (by === undefined) {
      const totals = read();
      const points = buckets.map((t) => ({ t, ...(totals.get(bucketKey(t)) ?? emptyTotals()) }));
      return { from, to, bucket, points };
    }
    // The groups cover every value, so their sums are the totals: one query, not two.
    const groups = splitGroups(read(GROUP_COLUMNS[by]), buckets, bucketKey);
    const points = buckets.map((t, index) => {
      const point: UsagePoint = { t, ...emptyTotals() };
      for (const group of groups) {
        const cell = group.points[index];
        if (cell !== undefined) addTotals(point, cell);
      }
      return point;
    });
    return { from, to, bucket, points, by, groups };
  }

  /** Newest first; ties on `at` are broken by insertion order. */
  recent({ limit, before, accountId }: RecentQuery): RequestRecord[] {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new UsageQueryError('invalid_range', `limit must be a positive integer, not ${limit}`);
    }
    const where: string[] = [];
    if (accountId !== undefined) where.push('account_id = @accountId');
    if (before !== undefined) where.push('at < @before');
    const sql = `SELECT * FROM requests ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY at DESC, id DESC LIMIT @limit`;
    const rows = this.statement(sql).all({
      limit: Math.min(limit, MAX_RECENT),
      ...(accountId === undefined ? {} : { accountId }),
      ...(before === undefined ? {} : { before }),
    }) as RequestRow[];
    return rows.map(toRecord);
  }

  /** Raw rows only (local quota windows are hours, well inside retention). */
  tokensSince(accountId: string, sinceMs: number): TokenTotals {
    const row = this.statement(
      `SELECT COUNT(*) AS requests, COALESCE(SUM(input), 0) AS input,
        COALESCE(SUM(output), 0) AS output, COALESCE(SUM(cache_read), 0) AS cacheRead,
        COALESCE(SUM(cache_write), 0) AS cacheWrite
      FROM requests WHERE account_id = ? AND at >= ?`,
    ).get(accountId, sinceMs) as TokenTotals;
    return { ...row };
  }

  /** USD spent since `sinceMs` (up to now and beyond), for budgets. */
  spendSince(filter: SpendFilter, sinceMs: number): number {
    if (!Number.isFinite(sinceMs))
      throw new UsageQueryError('invalid_range', 'since must be finite');
    const rowFilter: RowFilter = {};
    if ('prefix' in filter && typeof filter.prefix === 'string') rowFilter.prefix = filter.prefix;
    if ('keyId' in filter && typeof filter.keyId === 'string') rowFilter.keyId = filter.keyId;
    const groups = this.grouped(planRange(sinceMs, undefined), NO_GROUP, rowFilter);
    return groups.get('')?.costUsd ?? 0;
  }

  /**
   * Totals per group; with `split`, per (group, split value), keyed by
   * `splitKey`. A split reads `usage_daily_dim` under the split's dimension,
   * so it only pairs with the day group there.
   */
  private grouped(
    plan: RangePlan,
    column: GroupColumn,
    filter: RowFilter,
    split?: GroupColumn,
  ): Map<string, UsageTotals> {
    const out = new Map<string, UsageTotals>();
    const merge = (rows: GroupedRow[]) => {
      for (const { g, s, ...totals } of rows) {
        const key = s === undefined ? String(g) : splitKey(String(g), s);
        const existing = out.get(key);
        if (existing === undefined) out.set(key, normalize(totals));
        else addTotals(existing, totals);
      }
    };
    const { sql: filterSql, params } = filterClause(filter);
    const rawSplit = split === undefined ? '' : `, ${split.raw} AS s`;
    const groupBy = split === undefined ? 'g' : 'g, s';
    for (const piece of plan.raw) {
      const sql = `SELECT ${column.raw} AS g${rawSplit}, ${RAW_TOTALS} FROM requests
        WHERE at >= @from AND at < @to${filterSql} GROUP BY ${groupBy}`;
      merge(this.statement(sql).all({ ...params, from: piece.from, to: piece.to }) as GroupedRow[]);
    }
    if (plan.days !== undefined) {
      const upper = plan.days.to === undefined ? '' : ' AND day < @toDay';
      const dimSplit = split === undefined ? '' : `, ${split.dimGroup} AS s`;
      const dailySplit = split === undefined ? '' : `, ${split.daily} AS s`;
      // Unfiltered questions read the narrow per-dimension rollup; filters need every column.
      const sql =
        filterSql === ''
          ? `SELECT ${column.dimGroup} AS g${dimSplit}, ${DAILY_TOTALS} FROM usage_daily_dim
            WHERE dim = @dim AND day >= @fromDay${upper} GROUP BY ${groupBy}`
          : `SELECT ${column.daily} AS g${dailySplit}, ${DAILY_TOTALS} FROM usage_daily
            WHERE day >= @fromDay${upper}${filterSql} GROUP BY ${groupBy}`;
      merge(
        this.statement(sql).all({
          ...params,
          ...(filterSql === '' ? { dim: split?.dim ?? column.dim } : {}),
          fromDay: plan.days.from,
          ...(plan.days.to === undefined ? {} : { toDay: plan.days.to }),
        }) as GroupedRow[],
      );
    }
    return out;
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

function splitKey(group: string, split: string): string {
  return `${group}\u0000${split}`;
}

/**
 * Ranks the split values by tokens over the whole range, keeps the top
 * SPLIT_TOP_GROUPS and sums the rest into one "other" group (key null).
 */
function splitGroups(
  cells: Map<string, UsageTotals>,
  buckets: readonly number[],
  bucketKey: (t: number) => string,
): UsageSeriesGroup[] {
  const overall = new Map<string, UsageTotals>();
  for (const [key, totals] of cells) {
    const value = key.slice(key.indexOf('\u0000') + 1);
    const sum = overall.get(value) ?? emptyTotals();
    addTotals(sum, totals);
    overall.set(value, sum);
  }
  const ranked = [...overall]
    .sort(
      ([aKey, a], [bKey, b]) =>
        b.input + b.output - (a.input + a.output) ||
        b.costUsd - a.costUsd ||
        b.requests - a.requests ||
        (aKey < bKey ? -1 : aKey > bKey ? 1 : 0),
    )
    .map(([value]) => value);
  const top = ranked.slice(0, SPLIT_TOP_GROUPS);
  const rest = ranked.slice(SPLIT_TOP_GROUPS);
  const pointsOf = (values: readonly string[]): UsagePoint[] =>
    buckets.map((t) => {
      const point: UsagePoint = { t, ...emptyTotals() };
      for (const value of values) {
        const cell = cells.get(splitKey(bucketKey(t), value));
        if (cell !== undefined) addTotals(point, cell);
      }
      return point;
    });
  const groups: UsageSeriesGroup[] = top.map((key) => ({ key, points: pointsOf([key]) }));
  if (rest.length > 0) groups.push({ key: null, points: pointsOf(rest) });
  return groups;
}

/** Whole UTC days inside [from, to) come from the rollup; the rest from raw rows. */
export function planRange(from: number, to: number | undefined): RangePlan {
  const firstWhole = ceilTo(from, DAY_MS);
  if (to === undefined) {
    return {
      raw: from < firstWhole ? [{ from, to: firstWhole }] : [],
      days: { from: utcDay(firstWhole) },
    };
  }
  const lastWhole = floorTo(to, DAY_MS);
  if (firstWhole >= lastWhole) return { raw: [{ from, to }] };
  const raw: { from: number; to: number }[] = [];
  if (from < firstWhole) raw.push({ from, to: firstWhole });
  if (lastWhole < to) raw.push({ from: lastWhole, to });
  return { raw, days: { from: utcDay(firstWhole), to: utcDay(lastWhole) } };
}

function filterClause(filter: RowFilter): { sql: string; params: Record<string, string> } {
  let sql = '';
  const params: Record<string, string> = {};
  if (filter.accountId !== undefined) {
    sql += ' AND account_id = @accountId';
    params.accountId = filter.accountId;
  }
  if (filter.prefix !== undefined) {
    sql += ' AND prefix = @prefix';
    params.prefix = filter.prefix;
  }
  if (filter.keyId !== undefined) {
    sql += ' AND key_id = @keyId';
    params.keyId = filter.keyId;
  }
  return { sql, params };
}

function checkRange(from: number, to: number): void {
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) {
    throw new UsageQueryError('invalid_range', `need finite from < to, got [${from}, ${to})`);
  }
}

const TOTAL_FIELDS = [
  'requests',
  'errors',
  'input',
  'output',
  'cacheRead',
  'cacheWrite',
  'reasoning',
  'estimatedRequests',
  'costUsd',
  'apiValueUsd',
] as const satisfies readonly (keyof UsageTotals)[];

function emptyTotals(): UsageTotals {
  return Object.fromEntries(TOTAL_FIELDS.map((field) => [field, 0])) as unknown as UsageTotals;
}

function normalize(totals: UsageTotals): UsageTotals {
  const out = emptyTotals();
  addTotals(out, totals);
  return out;
}

function addTotals(target: UsageTotals, add: UsageTotals): void {
  for (const field of TOTAL_FIELDS) target[field] += add[field];
}

function toRecord(row: RequestRow): RequestRecord {
  return {
    requestId: row.request_id,
    at: row.at,
    ...(row.key_id === '' ? {} : { keyId: row.key_id }),
    inbound: row.inbound,
    requested: row.requested,
    ...(row.combo === '' ? {} : { combo: row.combo }),
    prefix: row.prefix,
    accountId: row.account_id,
    model: row.model,
    status: row.status,
    outcome: row.outcome as RequestOutcome,
    latencyMs: row.latency_ms,
    ...(row.ttft_ms === null ? {} : { ttftMs: row.ttft_ms }),
    input: row.input,
    output: row.output,
    cacheRead: row.cache_read,
    cacheWrite: row.cache_write,
    reasoning: row.reasoning,
    estimated: row.estimated !== 0,
    costUsd: row.cost_usd,
    apiValueUsd: row.api_value_usd,
  };
}
