import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CircuitBreaker } from './breaker.js';
import { CooldownBook } from './cooldowns.js';
import {
  DebouncedSaver,
  emptyRoutingState,
  loadRoutingState,
  ROUTING_STATE_FILE,
  saveRoutingState,
  type SaverTimers,
} from './state-file.js';

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-routing-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const start = Date.parse('2026-11-24T10:00:00Z');

describe('loadRoutingState / saveRoutingState', () => {
  it('starts empty without a file and writes nothing', async () => {
    const dir = await tempDir();
    expect(await loadRoutingState(dir)).toEqual(emptyRoutingState());
    expect(await readdir(dir)).toEqual([]);
  });

  it('round-trips cooldowns, breakers and extra through the file with mode 0600', async () => {
    const dir = await tempDir();
    let time = start;
    const now = () => time;
    const book = new CooldownBook({ now });
    book.coolDown({ accountId: 'cx-1' }, start + 3_600_000, 'usage_limit_reached');
    book.coolDown({ accountId: 'openai-1', model: 'gpt-4.1' }, start + 1000, 'TPM');
    const breaker = new CircuitBreaker({ now });
    for (let i = 0; i < 5; i += 1) breaker.recordTransientFailure('glm');

    await saveRoutingState(dir, {
      cooldowns: book.toJSON(),
      breakers: breaker.toJSON(),
      extra: { roundRobin: { fast: 2 } },
    });
    if (process.platform !== 'win32') {
      expect((await stat(path.join(dir, ROUTING_STATE_FILE))).mode & 0o777).toBe(0o600);
    }

    time += 2000;
    const loaded = await loadRoutingState(dir);
    expect(loaded.problem).toBeUndefined();
    expect(loaded.extra).toEqual({ roundRobin: { fast: 2 } });
    const restoredBook = CooldownBook.fromJSON(loaded.cooldowns, { now });
    expect(restoredBook.isCooling('cx-1', 'gpt-5.2-codex')?.reason).toBe('usage_limit_reached');
    expect(restoredBook.isCooling('openai-1', 'gpt-4.1')).toBeUndefined();
    const restoredBreaker = CircuitBreaker.fromJSON(loaded.breakers, { now });
    expect(restoredBreaker.state('glm')).toBe('open');
  });

  it('moves a file that is not JSON aside, names it, and reports it', async () => {
    const dir = await tempDir();
    const file = path.join(dir, ROUTING_STATE_FILE);
    await writeFile(file, '{"version": 1, "cooldowns": ');
    const loaded = await loadRoutingState(dir, { now: () => new Date(start) });
    expect(loaded).toMatchObject(emptyRoutingState());
    expect(loaded.problem).toEqual({
      code: 'routing_state_corrupt',
      movedTo: `${file}.corrupt-2026-11-24T10-00-00-000Z`,
      detail: expect.stringContaining('not valid JSON') as unknown,
    });
    expect(await readFile(loaded.problem?.movedTo ?? '', 'utf8')).toBe(
      '{"version": 1, "cooldowns": ',
    );
    expect(await readdir(dir)).toEqual([`${ROUTING_STATE_FILE}.corrupt-2026-11-24T10-00-00-000Z`]);
  });

  it('moves aside a file that fails the schema, without overwriting an earlier one', async () => {
    const dir = await tempDir();
    const file = path.join(dir, ROUTING_STATE_FILE);
    const now = () => new Date(start);
    await writeFile(file, JSON.stringify({ version: 1, cooldowns: { entries: 'x' } }));
    const first = await loadRoutingState(dir, { now });
    await writeFile(file, JSON.stringify({ version: 99 }));
    const second = await loadRoutingState(dir, { now });
    expect(first.problem?.detail).toContain('fails the schema');
    expect(second.problem?.movedTo).toBe(`${file}.corrupt-2026-11-24T10-00-00-000Z-1`);
    expect((await readdir(dir)).sort()).toEqual([
      `${ROUTING_STATE_FILE}.corrupt-2026-11-24T10-00-00-000Z`,
      `${ROUTING_STATE_FILE}.corrupt-2026-11-24T10-00-00-000Z-1`,
    ]);
  });
});

/** Timers that only fire when the test says so. */
function fakeTimers() {
  let time = 0;
  let nextId = 1;
  const pending = new Map<number, { at: number; callback: () => void }>();
  const timers: SaverTimers = {
    setTimeout: (callback, ms) => {
      const id = nextId;
      nextId += 1;
      pending.set(id, { at: time + ms, callback });
      return id;
    },
    clearTimeout: (handle) => {
      pending.delete(handle as number);
    },
  };
  return {
    timers,
    pendingCount: () => pending.size,
    /** Moves time on, firing due timers, and lets their promises settle. */
    advance: async (ms: number) => {
      time += ms;
      for (const [id, timer] of [...pending]) {
        if (timer.at > time) continue;
        pending.delete(id);
        timer.callback();
      }
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('DebouncedSaver', () => {
  it('coalesces a burst of changes into one write after the interval', async () => {
    const fake = fakeTimers();
    let writes = 0;
    const saver = new DebouncedSaver(
      () => {
        writes += 1;
        return Promise.resolve();
      },
      { timers: fake.timers },
    );
    for (let i = 0; i < 10; i += 1) saver.schedule();
    await fake.advance(999);
    expect(writes).toBe(0);
    await fake.advance(1);
    expect(writes).toBe(1);
    await fake.advance(5000);
    expect(writes).toBe(1);
  });

  it('keeps writes an interval apart when changes arrive during a write', async () => {
    const fake = fakeTimers();
    const finishers: (() => void)[] = [];
    const saver = new DebouncedSaver(
      () =>
        new Promise<void>((resolve) => {
          finishers.push(resolve);
        }),
      { timers: fake.timers },
    );
    saver.schedule();
    await fake.advance(1000);
    expect(finishers).toHaveLength(1);
    saver.schedule();
    await fake.advance(5000);
    expect(finishers).toHaveLength(1);
    finishers[0]?.();
    await fake.advance(0);
    expect(fake.pendingCount()).toBe(1);
    await fake.advance(999);
    expect(finishers).toHaveLength(1);
    await fake.advance(1);
    expect(finishers).toHaveLength(2);
  });

  it('flushes a pending change on close and ignores later ones', async () => {
    const fake = fakeTimers();
    let writes = 0;
    const saver = new DebouncedSaver(
      () => {
        writes += 1;
        return Promise.resolve();
      },
      { timers: fake.timers },
    );
    saver.schedule();
    await saver.close();
    expect(writes).toBe(1);
    expect(fake.pendingCount()).toBe(0);
    saver.schedule();
    await fake.advance(2000);
    expect(writes).toBe(1);
  });

  it('closes without writing when nothing changed', async () => {
    const fake = fakeTimers();
    let writes = 0;
    const saver = new DebouncedSaver(
      () => {
        writes += 1;
        return Promise.resolve();
      },
      { timers: fake.timers },
    );
    await saver.close();
    expect(writes).toBe(0);
  });

  it('reports a failed write and tries again on the next change', async () => {
    const fake = fakeTimers();
    const errors: unknown[] = [];
    let attempts = 0;
    const saver = new DebouncedSaver(
      () => {
        attempts += 1;
        return attempts === 1 ? Promise.reject(new Error('disk full')) : Promise.resolve();
      },
      { timers: fake.timers, onError: (error) => errors.push(error) },
    );
    saver.schedule();
    await fake.advance(1000);
    expect(errors).toHaveLength(1);
    saver.schedule();
    await fake.advance(1000);
    expect(attempts).toBe(2);
    expect(errors).toHaveLength(1);
  });

  it('writes the real file through saveRoutingState', async () => {
    const dir = await tempDir();
    const fake = fakeTimers();
    const book = new CooldownBook({ now: () => start });
    const saver = new DebouncedSaver(
      () =>
        saveRoutingState(dir, {
          cooldowns: book.toJSON(),
          breakers: { circuits: [] },
          extra: {},
        }),
      { timers: fake.timers },
    );
    book.coolDown({ accountId: 'a' }, start + 60_000, 'guess');
    saver.schedule();
    await saver.close();
    const loaded = await loadRoutingState(dir);
    expect(loaded.cooldowns.entries).toHaveLength(1);
  });
});
