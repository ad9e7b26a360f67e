import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../shared/usage.js';
import { openUsageDatabase } from './database.js';
import { DAY_MS } from './time.js';
import { createRecordWriter } from './writer.js';

let dir: string;
let db: Database.Database;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sy-usage-writer-'));
  db = openUsageDatabase(dir).db;
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function records(): RequestRecord[] {
  const out: RequestRecord[] = [];
  for (let i = 0; i < 400; i += 1) {
    out.push({
      requestId: `r${i}`,
      at: Date.UTC(2026, 0, 1) + (i % 5) * DAY_MS + i * 1000,
      ...(i % 3 === 0 ? {} : { keyId: `k${i % 3}` }),
      inbound: i % 2 === 0 ? 'anthropic' : 'openai-chat',
      requested: 'auto',
      ...(i % 4 === 0 ? {} : { combo: `c${i % 4}` }),
      prefix: `p${i % 2}`,
      accountId: `a${i % 3}`,
      model: `m${i % 7}`,
      status: i % 11 === 0 ? 500 : 200,
      outcome: i % 11 === 0 ? 'upstream_error' : 'completed',
      latencyMs: i,
      input: i,
      output: 2 * i,
      cacheRead: 3 * i,
      cacheWrite: i % 5,
      reasoning: i % 9,
      estimated: i % 6 === 0,
      costUsd: i / 1000,
      apiValueUsd: i / 500,
      ...(i === 7 ? { costUsd: Number.NaN, latencyMs: Number.POSITIVE_INFINITY } : {}),
    });
  }
  return out;
}

const SUMS = `SUM(requests) AS requests, SUM(errors) AS errors, SUM(input) AS input,
  SUM(output) AS output, SUM(cache_read) AS cr, SUM(cache_write) AS cw, SUM(reasoning) AS r,
  SUM(estimated) AS e, ROUND(SUM(cost_usd), 9) AS cost, ROUND(SUM(api_value_usd), 9) AS value`;

describe('createRecordWriter', () => {
  it('keeps both rollups equal to the raw rows, split in any batches', () => {
    const write = createRecordWriter(db);
    const all = records();
    write(all.slice(0, 13));
    write(all.slice(13, 200));
    write(all.slice(200));

    const fromRaw = db
      .prepare(
        `SELECT COUNT(*) AS requests,
          SUM(status >= 400 OR outcome <> 'completed') AS errors, SUM(input) AS input,
          SUM(output) AS output, SUM(cache_read) AS cr, SUM(cache_write) AS cw,
          SUM(reasoning) AS r, SUM(estimated) AS e, ROUND(SUM(cost_usd), 9) AS cost,
          ROUND(SUM(api_value_usd), 9) AS value
        FROM requests GROUP BY strftime('%Y-%m-%d', at / 1000, 'unixepoch'), model
        ORDER BY 1, 2, 3`,
      )
      .all();
    const fromDaily = db
      .prepare(`SELECT ${SUMS} FROM usage_daily GROUP BY day, model ORDER BY 1, 2, 3`)
      .all();
    const fromDim = db
      .prepare(
        `SELECT ${SUMS} FROM usage_daily_dim WHERE dim = 'model' GROUP BY day, value ORDER BY 1, 2, 3`,
      )
      .all();
    expect(fromRaw).toHaveLength(5 * 7);
    expect(fromDaily).toEqual(fromRaw);
    expect(fromDim).toEqual(fromRaw);

    for (const dim of ['all', 'provider', 'account', 'combo', 'key']) {
      const total = db
        .prepare(`SELECT SUM(requests) AS n FROM usage_daily_dim WHERE dim = ?`)
        .get(dim);
      expect(total).toEqual({ n: all.length });
    }
  });

  it('stores a non-finite number as 0 instead of failing the batch', () => {
    createRecordWriter(db)(records());
    expect(
      db.prepare("SELECT cost_usd, latency_ms FROM requests WHERE request_id = 'r7'").get(),
    ).toEqual({
      cost_usd: 0,
      latency_ms: 0,
    });
  });
});
