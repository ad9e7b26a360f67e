/**
 * The usage ledger and quota tracking over real sockets: every request is
 * recorded with its route, tokens and price; rate-limit headers and usage
 * polls move quota shares, which drive "stop at N%", alerts and early ends
 * of cooldowns. A fake Claude usage endpoint sits behind a redirecting
 * dispatcher, so the code under test calls the real URL.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QuotaAlert } from '../../shared/quota.js';
import {
  FAKE_USAGE_CREDENTIALS,
  startFakeUsage,
  type FakeUsageServer,
} from '../fake-usage/server.js';
import { startFleet, type Fleet } from '../fleet.js';
import { UPSTREAM_KEY } from '../harness.js';
import { RedirectDispatcher } from '../redirect-dispatcher.js';

const HOUR = 3_600_000;
let fleet: Fleet;
let usageApi: FakeUsageServer;
let alerts: QuotaAlert[];

beforeEach(async () => {
  // The fleet's fakes all accept one token, so the usage fake does too.
  usageApi = await startFakeUsage({ ...FAKE_USAGE_CREDENTIALS, accessToken: UPSTREAM_KEY });
  fleet = await startFleet(
    [
      {
        id: 'sub',
        prefix: 'cc',
        format: 'anthropic',
        kind: 'cc',
        oauth: { accessToken: UPSTREAM_KEY, refreshToken: 'refresh', expiresAt: Date.UTC(2030, 0) },
      },
      { id: 'api', prefix: 'pool', format: 'openai-chat' },
    ],
    (draft) => {
      draft.combos.push({
        name: 'main',
        strategy: 'fallback',
        entries: [
          { model: 'cc/claude-sonnet-4-5', weight: 1 },
          { model: 'pool/gpt-test', weight: 1 },
        ],
      });
      draft.routing.activeCombo = 'main';
      draft.pricing['pool/gpt-test'] = { input: 1, output: 2 };
      // Polls happen when the test asks, not on a timer.
      draft.quota.poll = false;
    },
    { dispatcher: new RedirectDispatcher(usageApi.url) },
  );
  alerts = [];
  fleet.server.events.on('quota-alert', (alert) => alerts.push(alert));
});

afterEach(async () => {
  await fleet.close();
  await usageApi.close();
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let tries = 0; !condition(); tries += 1) {
    if (tries > 200) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function chat(
  model: string,
  stream = false,
): Promise<{ status: number; id: string; route: string }> {
  const response = await fetch(`${fleet.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${fleet.routerKey}` },
    body: JSON.stringify({
      model,
      stream,
      ...(stream ? { stream_options: { include_usage: true } } : {}),
      messages: [{ role: 'user', content: 'hello' }],
    }),
  });
  await response.text();
  return {
    status: response.status,
    id: response.headers.get('x-switchyard-request-id') ?? '',
    route: response.headers.get('x-switchyard-route') ?? '',
  };
}

function unifiedHeaders(utilization: number, resetsAt: number): Record<string, string> {
  return {
    'anthropic-ratelimit-unified-5h-utilization': String(utilization),
    'anthropic-ratelimit-unified-5h-reset': String(Math.floor(resetsAt / 1000)),
    'anthropic-ratelimit-unified-5h-status': utilization >= 1 ? 'rejected' : 'allowed',
  };
}

describe('the usage ledger', () => {
  it('records every request with its route, tokens, timing and price', async () => {
    fleet.fakes['sub']?.enqueue({
      reply: { text: 'hi', usage: { input: 1000, output: 200, cacheRead: 5000, reasoning: 50 } },
    });
    fleet.fakes['api']?.enqueue({
      reply: { text: 'hi there', usage: { input: 400, output: 100 } },
    });
    const first = await chat('auto');
    const second = await chat('pool/gpt-test', true);
    expect([first.status, second.status]).toEqual([200, 200]);
    fleet.server.flushUsage();

    const [streamed, plain] = fleet.server.usage.recent({ limit: 10 });
    expect(plain).toMatchObject({
      requestId: first.id,
      requested: 'auto',
      combo: 'main',
      prefix: 'cc',
      accountId: 'sub',
      model: 'claude-sonnet-4-5',
      status: 200,
      outcome: 'completed',
      inbound: 'openai-chat',
      input: 1000,
      output: 200,
      cacheRead: 5000,
      // Anthropic reports thinking inside output_tokens with no count of its own.
      reasoning: 0,
      estimated: false,
      // A subscription costs nothing more; its API-equivalent value is shown apart.
      costUsd: 0,
    });
    expect(plain?.apiValueUsd).toBeCloseTo((1000 * 3 + 200 * 15 + 5000 * 0.3) / 1e6, 9);
    expect(plain?.keyId).toBe(fleet.routerKeyId);
    expect(plain?.ttftMs).toBeUndefined();

    expect(streamed).toMatchObject({
      requestId: second.id,
      accountId: 'api',
      input: 400,
      output: 100,
    });
    expect(streamed?.combo).toBeUndefined();
    expect(streamed?.costUsd).toBeCloseTo((400 * 1 + 100 * 2) / 1e6, 9);
    expect(streamed?.ttftMs).toBeGreaterThan(0);
    expect(streamed?.latencyMs).toBeGreaterThanOrEqual(streamed?.ttftMs ?? Infinity);

    const now = fleet.clock.now();
    const byProvider = fleet.server.usage.summary({
      from: now - HOUR,
      to: now + HOUR,
      by: 'provider',
    });
    expect(byProvider.totals.requests).toBe(2);
    expect(byProvider.rows.map((row) => row.group).sort()).toEqual(['cc', 'pool']);
  });

  it('estimates, and says so, when an OpenAI stream reports no usage', async () => {
    fleet.fakes['api']?.enqueue({
      reply: { text: 'x'.repeat(400), usage: { input: 7, output: 9 } },
    });
    const response = await fetch(`${fleet.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${fleet.routerKey}` },
      // No stream_options.include_usage: OpenAI then sends no usage chunk at all.
      body: JSON.stringify({
        model: 'pool/gpt-test',
        stream: true,
        messages: [{ role: 'user', content: 'hello' }],
      }),
    });
    expect(await response.text()).not.toContain('"usage":{');
    fleet.server.flushUsage();
    const [row] = fleet.server.usage.recent({ limit: 1 });
    expect(row).toMatchObject({ estimated: true, output: 100 });
    expect(row?.input).toBeGreaterThan(0);
  });

  it('records refused requests too, and keeps everything across a restart', async () => {
    fleet.fakes['sub']?.enqueue({ error: { status: 400 } });
    const refused = await chat('cc/claude-sonnet-4-5');
    expect(refused.status).toBe(400);
    const unknown = await chat('nobody/model');
    expect(unknown.status).toBe(404);
    await fleet.restart();
    const rows = fleet.server.usage.recent({ limit: 10 });
    expect(rows.map((row) => [row.status, row.outcome, row.accountId])).toEqual([
      [404, 'rejected', ''],
      [400, 'upstream_error', 'sub'],
    ]);
  });
});

describe('quota drives routing', () => {
  it('rate-limit headers raise each alert once and stop the account at its threshold', async () => {
    await fleet.configure((draft) => {
      const sub = draft.providers.find((entry) => entry.id === 'sub');
      if (sub !== undefined) sub.stopAtPercent = 90;
    });
    // A restart reads the new settings for sure (the running server also watches the file).
    await fleet.restart();
    fleet.server.events.on('quota-alert', (alert) => alerts.push(alert));
    const resetsAt = fleet.clock.now() + 2 * HOUR;
    for (const utilization of [0.85, 0.86]) {
      fleet.fakes['sub']?.enqueue({
        reply: { text: 'ok' },
        headers: unifiedHeaders(utilization, resetsAt),
      });
      expect((await chat('auto')).route).toContain('account=sub');
    }
    // 85% then 86%: the 80% threshold was crossed once.
    expect(
      alerts.map((alert) => [
        alert.type,
        alert.accountId,
        'threshold' in alert ? alert.threshold : '-',
      ]),
    ).toEqual([['threshold', 'sub', 80]]);

    fleet.fakes['sub']?.enqueue({ reply: { text: 'ok' }, headers: unifiedHeaders(0.93, resetsAt) });
    await chat('auto');
    // At 93% the account is past its 90% stop: the next request goes to the API key first.
    const next = await chat('auto');
    expect(next.route).toContain('account=api');
    const windows = fleet.server.quota.book.windows('sub');
    expect(windows.find((window) => window.id === 'five_hour')).toMatchObject({
      usedPercent: 93,
      source: 'headers',
      resetsAt: Math.floor(resetsAt / 1000) * 1000,
    });
    expect(alerts).toHaveLength(1);
  });

  it('a usage poll that shows the window reset ends a long cooldown early', async () => {
    const resetsAt = fleet.clock.now() + 3 * HOUR;
    fleet.fakes['sub']?.enqueue({
      error: {
        status: 429,
        headers: { ...unifiedHeaders(1, resetsAt), 'retry-after': String(3 * 3600) },
      },
    });
    expect((await chat('auto')).route).toContain('account=api');
    expect(alerts.map((alert) => alert.type)).toEqual(['exhausted']);

    // Background polling on: the account is polled at once, and from then on its polls, not
    // probe requests, say when it is back.
    usageApi.setUsage('claude', { five_hour: { usedPercent: 100, resetsAt } });
    await fleet.configure((draft) => {
      draft.quota.poll = true;
    });
    await waitFor(() => usageApi.callsFor('claude').length === 1);
    await fleet.server.quota.poller.whenIdle();
    fleet.clock.advance(10 * 60_000);
    // Still out: the account is not probed with real requests while polls watch it.
    expect((await chat('auto')).route).toContain('account=api');

    // The window rolled over early (the vendor reset it): the next poll says so.
    usageApi.setUsage('claude', {
      five_hour: { usedPercent: 2, resetsAt: fleet.clock.now() + 5 * HOUR },
    });
    await fleet.server.quota.poller.refresh('sub');
    expect((await chat('auto')).route).toContain('account=sub');
    expect(alerts.map((alert) => alert.type)).toEqual(['exhausted', 'reset']);
    expect(usageApi.callsFor('claude')[0]?.headers['anthropic-beta']).toContain('oauth-2025-04-20');
  });
});
