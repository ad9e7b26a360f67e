/**
 * Writes request records: the raw row and its day's rollups (`usage_daily`
 * by every group at once, `usage_daily_dim` by one dimension at a time), in
 * one transaction, so the rollups always equal the sum of what was inserted.
 * The ledger and the benchmark both write through here.
 */
import type Database from 'better-sqlite3';
import type { RequestRecord } from '../shared/usage.js';
import { utcDay } from './time.js';

export type RecordWriter = (records: readonly RequestRecord[]) => void;

/** The dimensions of `usage_daily_dim`; 'all' sums everything under value ''. */
export type RollupDim = 'all' | 'provider' | 'account' | 'model' | 'combo' | 'key';

type Totals = Omit<
  DailyDelta,
  'day' | 'prefix' | 'accountId' | 'model' | 'combo' | 'keyId' | 'inbound'
>;

interface DimDelta extends Totals {
  dim: RollupDim;
  day: string;
  value: string;
}

interface DailyDelta {
  day: string;
  prefix: string;
  accountId: string;
  model: string;
  combo: string;
  keyId: string;
  inbound: string;
  requests: number;
  errors: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  reasoning: number;
  estimated: number;
  costUsd: number;
  apiValueUsd: number;
}

/** The one definition of an error, shared with the raw-row SQL in queries.ts. */
export function isErrorRecord(r: Pick<RequestRecord, 'status' | 'outcome'>): boolean {
  return r.status >= 400 || r.outcome !== 'completed';
}

/** The summed columns of both rollups; an upsert adds the batch's delta to each. */
const SUMMED_COLUMNS = [
  'requests',
  'errors',
  'input',
  'output',
  'cache_read',
  'cache_write',
  'reasoning',
  'estimated',
  'cost_usd',
  'api_value_usd',
] as const;
const ADD_UP = SUMMED_COLUMNS.map((column) => `${column} = ${column} + excluded.${column}`).join(
  ',\n      ',
);

export function createRecordWriter(db: Database.Database): RecordWriter {
  const insert = db.prepare(`
    INSERT INTO requests (request_id, at, key_id, inbound, requested, combo, prefix, account_id,
      model, status, outcome, latency_ms, ttft_ms, input, output, cache_read, cache_write,
      reasoning, estimated, cost_usd, api_value_usd)
    VALUES (@requestId, @at, @keyId, @inbound, @requested, @combo, @prefix, @accountId,
      @model, @status, @outcome, @latencyMs, @ttftMs, @input, @output, @cacheRead, @cacheWrite,
      @reasoning, @estimated, @costUsd, @apiValueUsd)`);
  const upsert = db.prepare(`
    INSERT INTO usage_daily (day, prefix, account_id, model, combo, key_id, inbound, requests,
      errors, input, output, cache_read, cache_write, reasoning, estimated, cost_usd, api_value_usd)
    VALUES (@day, @prefix, @accountId, @model, @combo, @keyId, @inbound, @requests,
      @errors, @input, @output, @cacheRead, @cacheWrite, @reasoning, @estimated, @costUsd,
      @apiValueUsd)
    ON CONFLICT (day, prefix, account_id, model, combo, key_id, inbound) DO UPDATE SET
      ${ADD_UP}`);
  const upsertDim = db.prepare(`
    INSERT INTO usage_daily_dim (dim, day, value, requests, errors, input, output, cache_read,
      cache_write, reasoning, estimated, cost_usd, api_value_usd)
    VALUES (@dim, @day, @value, @requests, @errors, @input, @output, @cacheRead, @cacheWrite,
      @reasoning, @estimated, @costUsd, @apiValueUsd)
    ON CONFLICT (dim, day, value) DO UPDATE SET
      ${ADD_UP}`);

  const write = db.transaction((records: readonly RequestRecord[]) => {
    // Summing the batch first turns N upserts into one per (day, group) key.
    const deltas = new Map<string, DailyDelta>();
    for (const record of records) {
      const row = toRow(record);
      insert.run(row);
      addToDelta(deltas, row);
    }
    const dims = new Map<string, DimDelta>();
    for (const delta of deltas.values()) {
      upsert.run(delta);
      addToDims(dims, delta);
    }
    for (const delta of dims.values()) upsertDim.run(delta);
  });
  return (records) => {
    if (records.length > 0) write.immediate(records);
  };
}

type Row = ReturnType<typeof toRow>;

function toRow(r: RequestRecord) {
  return {
    requestId: r.requestId,
    at: whole(r.at),
    keyId: r.keyId ?? '',
    inbound: r.inbound,
    requested: r.requested,
    combo: r.combo ?? '',
    prefix: r.prefix,
    accountId: r.accountId,
    model: r.model,
    status: whole(r.status),
    outcome: r.outcome,
    latencyMs: whole(r.latencyMs),
    ttftMs: r.ttftMs === undefined ? null : whole(r.ttftMs),
    input: whole(r.input),
    output: whole(r.output),
    cacheRead: whole(r.cacheRead),
    cacheWrite: whole(r.cacheWrite),
    reasoning: whole(r.reasoning),
    estimated: r.estimated ? 1 : 0,
    costUsd: finite(r.costUsd),
    apiValueUsd: finite(r.apiValueUsd),
    error: isErrorRecord(r) ? 1 : 0,
  };
}

function addToDelta(deltas: Map<string, DailyDelta>, row: Row): void {
  const day = utcDay(row.at);
  const key = [day, row.prefix, row.accountId, row.model, row.combo, row.keyId, row.inbound].join(
    '\u0000',
  );
  let delta = deltas.get(key);
  if (delta === undefined) {
    delta = {
      day,
      prefix: row.prefix,
      accountId: row.accountId,
      model: row.model,
      combo: row.combo,
      keyId: row.keyId,
      inbound: row.inbound,
      ...zeroTotals(),
    };
    deltas.set(key, delta);
  }
  addTotals(delta, { ...row, requests: 1, errors: row.error });
}

function addToDims(dims: Map<string, DimDelta>, delta: DailyDelta): void {
  const values: [RollupDim, string][] = [
    ['all', ''],
    ['provider', delta.prefix],
    ['account', delta.accountId],
    ['model', delta.model],
    ['combo', delta.combo],
    ['key', delta.keyId],
  ];
  for (const [dim, value] of values) {
    const key = `${dim}\u0000${delta.day}\u0000${value}`;
    let target = dims.get(key);
    if (target === undefined) {
      target = { dim, day: delta.day, value, ...zeroTotals() };
      dims.set(key, target);
    }
    addTotals(target, delta);
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
  'estimated',
  'costUsd',
  'apiValueUsd',
] as const satisfies readonly (keyof Totals)[];

function zeroTotals(): Totals {
  return Object.fromEntries(TOTAL_FIELDS.map((field) => [field, 0])) as Totals;
}

function addTotals(target: Totals, add: Totals): void {
  for (const field of TOTAL_FIELDS) target[field] += add[field];
}

/** A NaN would become NULL and fail NOT NULL, poisoning the whole batch: store 0 instead. */
function finite(value: number): number {
  return Number.isFinite(value) ? value : 0;
}

function whole(value: number): number {
  return Number.isFinite(value) ? Math.round(value) : 0;
}
