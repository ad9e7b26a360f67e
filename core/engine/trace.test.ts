import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readTraces, TraceStore, type RouteTrace } from './trace.js';

function trace(id: string): RouteTrace {
  return {
    id,
    at: '2026-01-01T00:00:00.000Z',
    requested: 'p/m',
    inbound: 'openai-chat',
    candidates: [{ model: 'p/m', account: 'p', outcome: 'served', ms: 1 }],
    status: 200,
  };
}

async function lines(dir: string): Promise<string[]> {
  const text = await readFile(join(dir, 'traces.jsonl'), 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line !== '');
}

describe('TraceStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchyard-trace-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps traces in memory at once and writes them to the file in order on flush', async () => {
    const store = new TraceStore(dir, undefined, 60_000);
    store.record(trace('req_1'));
    store.record(trace('req_2'));
    expect(store.find('req_1')?.id).toBe('req_1');
    expect(store.latest(2).map((entry) => entry.id)).toEqual(['req_2', 'req_1']);
    // Batched: nothing of its own touches the disk per request.
    expect(await lines(dir)).toEqual([]);
    await store.flush();
    expect((await readTraces(dir)).map((entry) => entry.id)).toEqual(['req_2', 'req_1']);
    expect((await stat(join(dir, 'traces.jsonl'))).mode & 0o777).toBe(0o600);

    store.record(trace('req_3'));
    await store.flush();
    expect((await readTraces(dir)).map((entry) => entry.id)).toEqual(['req_3', 'req_2', 'req_1']);
  });

  it('writes a batch by itself shortly after the first trace in it', async () => {
    const store = new TraceStore(dir, undefined, 1);
    store.record(trace('req_a'));
    store.record(trace('req_b'));
    await vi.waitFor(async () => expect(await lines(dir)).toHaveLength(2));
    store.record(trace('req_c'));
    await vi.waitFor(async () => expect(await lines(dir)).toHaveLength(3));
    await store.flush();
    expect((await readTraces(dir)).map((entry) => entry.id)).toEqual(['req_c', 'req_b', 'req_a']);
  });

  it('reports a failed write instead of throwing at the request', async () => {
    const errors: unknown[] = [];
    const store = new TraceStore(join(dir, 'missing', 'dir'), (error) => errors.push(error), 1);
    expect(() => store.record(trace('req_x'))).not.toThrow();
    await store.flush();
    expect(errors).toHaveLength(1);
    expect(store.find('req_x')?.id).toBe('req_x');
  });

  it('without a data dir keeps traces in memory only', async () => {
    const store = new TraceStore(undefined);
    store.record(trace('req_m'));
    await store.flush();
    expect(store.latest(1)[0]?.id).toBe('req_m');
  });
});
