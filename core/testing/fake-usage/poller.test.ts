// End to end: QuotaPoller → undici over real sockets → RedirectDispatcher → the fake usage
// server, with a manual clock and manual timers.
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QuotaBook, type WindowReset } from '../../quota/book.js';
import { QuotaPoller, type PolledAccount, type PollerSettings } from '../../quota/poller.js';
import { MemoryQuotaStore } from '../../quota/store.js';
import { RedirectDispatcher } from '../redirect-dispatcher.js';
import { FAKE_USAGE_CREDENTIALS as CREDS, startFakeUsage, type FakeUsageServer } from './server.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-11-20T10:00:00Z');

class ManualTimers {
  now = START;
  private next = 0;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();
  setTimer = (callback: () => void, ms: number): unknown => {
    const id = ++this.next;
    this.pending.set(id, { at: this.now + ms, callback });
    return id;
  };
  clearTimer = (handle: unknown): void => {
    this.pending.delete(handle as number);
  };
  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.pending.entries()]
        .filter(([, t]) => t.at <= until)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      this.pending.delete(due[0]);
      this.now = Math.max(this.now, due[1].at);
      due[1].callback();
    }
    this.now = until;
  }
  get count(): number {
    return this.pending.size;
  }
}

const ACCOUNTS: PolledAccount[] = [
  { id: 'cc:1', kind: 'cc' },
  { id: 'cx:1', kind: 'cx' },
  { id: 'gh:1', kind: 'gh' },
  { id: 'kr:1', kind: 'kr' },
  { id: 'ag:1', kind: 'ag' },
];

let fake: FakeUsageServer;
let dispatcher: RedirectDispatcher;

beforeEach(async () => {
  fake = await startFakeUsage();
  dispatcher = new RedirectDispatcher(fake.url);
});

afterEach(async () => {
  await dispatcher.close();
  await fake.close();
});

function setup(accounts: PolledAccount[] = ACCOUNTS) {
  const timers = new ManualTimers();
  const enabled = { list: accounts };
  const settings: PollerSettings = {
    poll: true,
    pollSeconds: 300,
    nearLimitPollSeconds: 60,
    nearLimitPercent: 80,
  };
  const book = new QuotaBook({
    store: new MemoryQuotaStore(),
    prefixOf: (id) => id.split(':')[0] ?? id,
    now: () => timers.now,
  });
  const resets: WindowReset[] = [];
  book.on('window-reset', (reset) => resets.push(reset));
  const poller = new QuotaPoller({
    accounts: () => enabled.list,
    credentials: () => ({
      accessToken: CREDS.accessToken,
      refreshToken: CREDS.githubToken,
      extra: {
        chatgpt_account_id: CREDS.chatgptAccountId,
        project: CREDS.project,
        region: 'us-east-1',
      },
    }),
    book,
    settings: () => settings,
    dispatcher,
    now: () => timers.now,
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
  });
  return { timers, enabled, settings, book, poller, resets };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}

describe('fake usage server', () => {
  it('answers at the real paths and refuses requests without the required headers', async () => {
    const bare = await request('https://api.anthropic.com/api/oauth/usage', {
      headers: { authorization: `Bearer ${CREDS.accessToken}` },
      dispatcher,
    });
    expect(bare.statusCode).toBe(401);
    await bare.body.text();
    const copilot = await request('https://api.github.com/copilot_internal/user', {
      headers: { authorization: `Bearer ${CREDS.githubToken}`, 'user-agent': 'x' },
      dispatcher,
    });
    expect(copilot.statusCode).toBe(401);
    await copilot.body.text();
    expect(fake.calls.map((c) => [c.service, c.status])).toEqual([
      ['claude', 401],
      ['copilot', 401],
    ]);
    expect(dispatcher.seen).toEqual(['https://api.anthropic.com', 'https://api.github.com']);
  });

  it('never lets an unlisted origin through', async () => {
    await expect(request('https://example.com/', { dispatcher })).rejects.toThrow(/not redirected/);
  });
});

describe('QuotaPoller end to end', () => {
  it('polls every provider at its real URL and files the windows', async () => {
    const { book, poller, timers } = setup();
    const reset = START + 2 * HOUR;
    fake.setUsage('claude', {
      five_hour: { usedPercent: 40, resetsAt: reset },
      seven_day: { usedPercent: 10, resetsAt: START + 100 * HOUR },
    });
    fake.setUsage('codex', {
      primary: { usedPercent: 12, resetsAt: reset },
      secondary: { usedPercent: 50, resetsAt: START + 90 * HOUR },
    });
    fake.setUsage('copilot', {
      premium_interactions: {
        usedPercent: 25,
        resetsAt: Date.parse('2026-12-01T00:00:00Z'),
        limit: 300,
      },
    });
    fake.setUsage('kiro', {
      CREDIT: { usedPercent: 30, resetsAt: Date.parse('2026-12-01T00:00:00Z'), limit: 1000 },
    });
    fake.setUsage('antigravity', { 'gemini-3-pro': { usedPercent: 100, resetsAt: reset } });
    poller.start();
    timers.advance(0);
    await poller.whenIdle();

    expect(fake.calls.map((c) => [c.service, c.status])).toEqual([
      ['claude', 200],
      ['codex', 200],
      ['copilot', 200],
      ['kiro', 200],
      ['antigravity', 200],
    ]);
    expect(fake.callsFor('kiro')[0]?.query).toEqual({
      origin: 'AI_EDITOR',
      resourceType: 'AGENTIC_REQUEST',
    });
    expect(book.usedFraction('cc:1')).toBe(0.4);
    expect(book.windows('cx:1').map((w) => [w.id, w.usedPercent])).toEqual([
      ['five_hour', 12],
      ['weekly', 50],
    ]);
    expect(book.windows('gh:1')[0]).toMatchObject({
      id: 'premium_interactions',
      used: 75,
      limit: 300,
    });
    expect(book.windows('kr:1')[0]).toMatchObject({ id: 'usage:credit', used: 300, limit: 1000 });
    expect(book.overStop('ag:1', 100)).toBe(true);
    expect(book.accounts().every((a) => a.poll?.ok === true && a.poll.nextAt !== undefined)).toBe(
      true,
    );
    poller.stop();
    expect(timers.count).toBe(0);
  });

  it('polls faster near the limit and right after a reset, and reports the window reset', async () => {
    const { book, poller, timers, resets } = setup([{ id: 'cc:1', kind: 'cc' }]);
    fake.setUsage('claude', { five_hour: { usedPercent: 10, resetsAt: START + 10 * HOUR } });
    await poller.refresh();
    // Before start(), a refresh polls but schedules nothing.
    expect(book.pollStatus('cc:1')?.nextAt).toBeUndefined();
    poller.start();
    timers.advance(0);
    await poller.whenIdle();
    expect(book.pollStatus('cc:1')?.nextAt).toBe(timers.now + 300_000);

    fake.setUsage('claude', { five_hour: { usedPercent: 85, resetsAt: START + 10 * HOUR } });
    timers.advance(300_000);
    await poller.whenIdle();
    expect(book.pollStatus('cc:1')?.nextAt).toBe(timers.now + 60_000);

    // Exhausted: polite interval, but no later than just after the reset.
    const resetAt = timers.now + 120_000;
    fake.setUsage('claude', { five_hour: { usedPercent: 100, resetsAt: resetAt } });
    timers.advance(60_000);
    await poller.whenIdle();
    expect(book.overStop('cc:1', 100)).toBe(true);
    expect(book.pollStatus('cc:1')?.nextAt).toBe(resetAt + 1000);

    fake.setUsage('claude', { five_hour: { usedPercent: 1, resetsAt: resetAt + 5 * HOUR } });
    timers.advance(resetAt + 1000 - timers.now);
    await poller.whenIdle();
    expect(book.overStop('cc:1', 100)).toBe(false);
    expect(resets).toEqual([{ accountId: 'cc:1', windowId: 'five_hour' }]);
    expect(fake.callsFor('claude')).toHaveLength(5);
    poller.stop();
  });

  it('backs off exponentially on failures, honours retry-after, and resets after a success', async () => {
    const { book, poller, timers } = setup([{ id: 'cx:1', kind: 'cx' }]);
    fake.setUsage('codex', { primary: { usedPercent: 5, resetsAt: START + 10 * HOUR } });
    fake.enqueue(
      'codex',
      { status: 500 },
      { status: 500 },
      { status: 500 },
      { status: 429, retryAfterSeconds: 900 },
    );
    poller.start();
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      timers.advance(i === 0 ? 0 : (delays[i - 1] ?? 0));
      await poller.whenIdle();
      const status = book.pollStatus('cx:1');
      delays.push((status?.nextAt ?? 0) - timers.now);
    }
    expect(delays).toEqual([30_000, 60_000, 120_000, 900_000, 300_000, 300_000]);
    expect(book.pollStatus('cx:1')).toMatchObject({ ok: true });
    expect(fake.callsFor('codex').map((c) => c.status)).toEqual([500, 500, 500, 429, 200, 200]);
    poller.stop();
  });

  it('does not hammer on 401, and reports it without secrets', async () => {
    const { book, poller, timers } = setup([{ id: 'cc:1', kind: 'cc' }]);
    fake.enqueue('claude', { status: 401 }, { status: 401 });
    poller.start();
    timers.advance(0);
    await poller.whenIdle();
    const first = book.pollStatus('cc:1');
    expect(first).toMatchObject({
      ok: false,
      error: 'The usage endpoint refused the login (HTTP 401)',
    });
    expect(JSON.stringify(first)).not.toContain(CREDS.accessToken);
    expect((first?.nextAt ?? 0) - timers.now).toBe(300_000);
    timers.advance(300_000);
    await poller.whenIdle();
    expect((book.pollStatus('cc:1')?.nextAt ?? 0) - timers.now).toBe(600_000);
    poller.stop();
  });

  it('gives up on a hanging poll after its timeout and backs off', async () => {
    const { book, poller, timers } = setup([{ id: 'kr:1', kind: 'kr' }]);
    fake.enqueue('kiro', { hang: true });
    const polled = poller.refresh('kr:1');
    await until(() => fake.calls.length === 1);
    timers.advance(15_000);
    await polled;
    expect(book.pollStatus('kr:1')).toMatchObject({ ok: false, error: 'No answer within 15 s' });
  });

  it('polls only enabled accounts, and stops polling an account once disabled', async () => {
    const { poller, timers, enabled } = setup([
      { id: 'cc:1', kind: 'cc' },
      { id: 'openai:1', kind: 'openai' },
    ]);
    fake.setUsage('claude', { five_hour: { usedPercent: 1, resetsAt: START + 10 * HOUR } });
    poller.start();
    timers.advance(0);
    await poller.whenIdle();
    expect(fake.calls).toHaveLength(1);
    enabled.list = [];
    poller.sync();
    expect(timers.count).toBe(0);
    timers.advance(10 * HOUR);
    await poller.whenIdle();
    await poller.refresh();
    expect(fake.calls).toHaveLength(1);
  });
});
