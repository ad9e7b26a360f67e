/**
 * The management API of a real server: its token, and the contract's answers
 * built from live routing, quota and ledger state after real traffic.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import type {
  AccountView,
  RequestView,
  ToolConnectResult,
  ToolPreview,
  ToolView,
} from '../../shared/contract.js';
import type { UsageSeries, UsageSummary } from '../../shared/usage.js';
import { CLAUDE_SETTINGS } from '../../tools/fixtures.test-helpers.js';
import { startFleet, type Fleet } from '../fleet.js';

let fleet: Fleet;
let token: string;
/** Every management answer's raw body, to prove no router key ever crossed the API. */
let bodies: string[] = [];

async function startWith(extra: Parameters<typeof startFleet>[2] = {}): Promise<void> {
  fleet = await startFleet(
    [
      { id: 'pool-a', prefix: 'pool', format: 'openai-chat' },
      { id: 'pool-b', prefix: 'pool', format: 'anthropic', priority: 1 },
    ],
    (draft) => {
      draft.pricing['pool/gpt-test'] = { input: 2, output: 4 };
    },
    extra,
  );
  token = new URL(await fleet.server.dashboardLink()).hash.replace('#token=', '');
}

afterEach(async () => {
  await fleet.close();
  bodies = [];
});

async function api<T>(
  method: string,
  body: unknown = {},
  auth = token,
): Promise<{
  status: number;
  json: { ok: boolean; value?: T; error?: { code: string; message: string } };
}> {
  const response = await fetch(`${fleet.url}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${auth}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  bodies.push(text);
  return { status: response.status, json: JSON.parse(text) as never };
}

async function chat(): Promise<string> {
  const response = await fetch(`${fleet.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${fleet.routerKey}` },
    body: JSON.stringify({ model: 'pool/gpt-test', messages: [{ role: 'user', content: 'hi' }] }),
  });
  await response.text();
  return response.headers.get('x-switchyard-request-id') ?? '';
}

describe('the management API on a running server', () => {
  beforeEach(() => startWith());

  it('refuses a router key and a missing token', async () => {
    expect((await api('status.get', {}, fleet.routerKey)).status).toBe(401);
    expect((await api('status.get', {}, '')).status).toBe(401);
    const status = await api<{ version: string; url: string }>('status.get');
    expect(status.json.value?.url).toBe(fleet.url);
    expect(status.json.value?.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('reports usage, recent requests with their traces, and account states', async () => {
    fleet.fakes['pool-a']?.enqueue({ reply: { text: 'a', usage: { input: 1000, output: 500 } } });
    const served = await chat();
    fleet.fakes['pool-a']?.enqueue({ error: { status: 429, headers: { 'retry-after': '600' } } });
    const fellBack = await chat();

    const now = fleet.clock.now();
    const summary = await api<UsageSummary>('usage.summary', {
      from: now - 86_400_000,
      to: now + 60_000,
      by: 'account',
    });
    expect(summary.json.value?.totals.requests).toBe(2);
    expect(summary.json.value?.rows.find((row) => row.group === 'pool-a')?.costUsd).toBeCloseTo(
      0.004,
      9,
    );

    const split = await api<UsageSeries>('usage.series', {
      from: now - 86_400_000,
      to: now + 60_000,
      bucket: 'hour',
      by: 'provider',
    });
    expect(
      split.json.value?.groups?.map((group) => [
        group.key,
        group.points.reduce((sum, point) => sum + point.requests, 0),
      ]),
    ).toEqual([['pool', 2]]);

    const recent = await api<RequestView[]>('requests.recent', { limit: 5 });
    expect(recent.json.value?.map((row) => row.requestId)).toEqual([fellBack, served]);
    expect(
      recent.json.value?.[0]?.trace?.candidates.map((step) => [step.account, step.outcome]),
    ).toEqual([
      ['pool-a', 'failed'],
      ['pool-b', 'served'],
    ]);

    const accounts = await api<AccountView[]>('accounts.list');
    const cooled = accounts.json.value?.find((account) => account.id === 'pool-a');
    expect(cooled?.state).toBe('cooling-down');
    expect(cooled?.until).toBeGreaterThan(now);

    // Clearing by hand puts the account straight back in use.
    const cleared = await api<AccountView[]>('routing.clear', { accountId: 'pool-a' });
    expect(cleared.json.value?.find((account) => account.id === 'pool-a')?.state).toBe('ok');
    expect((await api('routing.clear', { accountId: 'nobody' })).status).toBe(404);
    expect((await api('usage.summary', { from: now, to: now - 1, by: 'model' })).status).toBe(400);
  });

  it('keeps a redacted debug log only while it is switched on', async () => {
    await chat();
    expect((await api<unknown[]>('debugLog.get', { limit: 10 })).json.value).toEqual([]);
    const on = await api<{ debugLog: boolean }>('debugLog.setEnabled', { enabled: true });
    expect(on.json.value?.debugLog).toBe(true);
    const secret = 'sk-live-0123456789abcdefghijklmnop';
    await fetch(`${fleet.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${fleet.routerKey}` },
      body: JSON.stringify({
        model: 'pool/gpt-test',
        messages: [{ role: 'user', content: `my key is ${secret}` }],
      }),
    });
    const entries = await api<{ path: string; requestHeaders: Record<string, string> }[]>(
      'debugLog.get',
      { limit: 10 },
    );
    const text = JSON.stringify(entries.json.value);
    expect(entries.json.value?.[0]?.path).toBe('/v1/chat/completions');
    expect(entries.json.value?.[0]?.requestHeaders['authorization']).toBe('[redacted]');
    expect(text).not.toContain(secret);
    expect(text).not.toContain(fleet.routerKey);
  });

  it('switches the active combo for the next request', async () => {
    await fleet.configure((draft) => {
      draft.combos.push({
        name: 'one',
        strategy: 'fallback',
        entries: [{ model: 'pool/gpt-test', weight: 1 }],
      });
    });
    await fleet.restart();
    token = new URL(await fleet.server.dashboardLink()).hash.replace('#token=', '');
    const activated = await api<{ activeCombo?: string }>('combos.activate', { name: 'one' });
    expect(activated.json.value?.activeCombo).toBe('one');
    const response = await fetch(`${fleet.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${fleet.routerKey}` },
      body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(200);
  });

  it('saves and removes combos that the next request uses, without a restart', async () => {
    const saved = await api<{ name: string }[]>('combos.save', {
      name: 'two',
      strategy: 'fallback',
      entries: [{ model: 'pool/gpt-test' }],
    });
    expect(saved.json.value?.map((combo) => combo.name)).toEqual(['two']);
    const models = await api<string[]>('models.list');
    expect(models.json.value).toContain('two');
    const response = await fetch(`${fleet.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${fleet.routerKey}` },
      body: JSON.stringify({ model: 'two', messages: [{ role: 'user', content: 'hi' }] }),
    });
    await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-route')).toContain('provider=pool');

    const unknown = await api('combos.save', {
      name: 'three',
      strategy: 'fallback',
      entries: [{ model: 'nowhere/x' }],
    });
    expect(unknown.json.error).toMatchObject({ code: 'invalid_request' });
    const removed = await api<unknown[]>('combos.remove', { name: 'two' });
    expect(removed.json.value).toEqual([]);
  });
});

describe('connecting coding tools through the management API', () => {
  let home: string;
  let claudeFile: string;

  beforeEach(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'switchyard-home-'));
    onTestFinished(() => rm(home, { recursive: true, force: true }));
    claudeFile = path.join(home, '.claude', 'settings.json');
    await mkdir(path.dirname(claudeFile), { recursive: true });
    await writeFile(claudeFile, CLAUDE_SETTINGS);
    await startWith({ home });
  });

  it('connects Claude Code with a new key that never crosses the API, then undoes it', async () => {
    const original = await readFile(claudeFile);
    const listed = await api<ToolView[]>('tools.list');
    expect(listed.json.value?.find((tool) => tool.id === 'claude-code')).toMatchObject({
      installed: true,
      status: 'not-connected',
    });

    const preview = await api<ToolPreview>('tools.preview', {
      tool: 'claude-code',
      model: 'pool/gpt-test',
    });
    expect(preview.json.value?.files).toEqual([claudeFile]);
    expect(preview.json.value?.diff).toContain('<new router key>');
    expect(preview.json.value?.diff).toContain(fleet.url);
    expect(await readFile(claudeFile)).toEqual(original);

    const connected = await api<ToolConnectResult>('tools.connect', {
      tool: 'claude-code',
      model: 'pool/gpt-test',
    });
    expect(connected.status).toBe(200);
    const env = (JSON.parse(await readFile(claudeFile, 'utf8')) as { env: Record<string, string> })
      .env;
    const key = env.ANTHROPIC_AUTH_TOKEN ?? '';
    expect(key).toMatch(/^sy-/);
    expect(connected.json.value?.key).toEqual({ name: 'claude-code', hint: key.slice(-4) });
    expect(connected.json.value?.tools.find((tool) => tool.id === 'claude-code')?.status).toBe(
      'connected',
    );

    // The key the tool now holds is a working router key, at the address it was given.
    const served = await fetch(`${env.ANTHROPIC_BASE_URL ?? ''}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({
        model: env.ANTHROPIC_MODEL,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    expect(served.status).toBe(200);

    const codex = await api('tools.connect', { tool: 'codex' });
    expect(codex.status).toBe(400);
    expect(codex.json.error?.message).toContain('switchyard connect codex --new-key');
    expect((await api('tools.connect', { tool: 'vim' })).status).toBe(404);

    const undone = await api<ToolView[]>('tools.disconnect', { tool: 'claude-code' });
    expect(undone.json.value?.find((tool) => tool.id === 'claude-code')?.status).toBe(
      'not-connected',
    );
    expect(await readFile(claudeFile)).toEqual(original);

    expect(bodies.length).toBeGreaterThan(5);
    for (const body of bodies) expect(body).not.toContain(key);
  });
});
