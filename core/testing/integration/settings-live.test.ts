/**
 * Settings, budgets and router keys through the management API of a real
 * server: validation, one atomic write, and changes the request path follows
 * at once (a revoked key is refused on the next request, in the caller's format).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  RouterKeyCreated,
  RouterKeyView,
  SettingsUpdateResult,
  SettingsView,
} from '../../shared/contract.js';
import { startFleet, type Fleet } from '../fleet.js';

let fleet: Fleet;
let token: string;

beforeEach(async () => {
  fleet = await startFleet([
    { id: 'oa', prefix: 'oa', format: 'openai-chat' },
    { id: 'an', prefix: 'an', format: 'anthropic' },
  ]);
  token = new URL(await fleet.server.dashboardLink()).hash.replace('#token=', '');
});

afterEach(async () => {
  await fleet.close();
});

interface Answer<T> {
  status: number;
  text: string;
  json: { ok: boolean; value?: T; error?: { code: string; message: string } };
}

async function api<T>(method: string, body: unknown = {}): Promise<Answer<T>> {
  const response = await fetch(`${fleet.url}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) as Answer<T>['json'] };
}

async function openAiChat(key?: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${fleet.url}/v1/chat/completions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
    },
    body: JSON.stringify({ model: 'oa/gpt-test', messages: [{ role: 'user', content: 'hi' }] }),
  });
  return { status: response.status, body: await response.json() };
}

async function anthropicMessage(key: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${fleet.url}/v1/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': key,
      'anthropic-version': '2023-06-01',
    },
    body: JSON.stringify({
      model: 'an/claude-test',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hi' }],
    }),
  });
  return { status: response.status, body: await response.json() };
}

async function savedFile(): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path.join(fleet.dataDir, 'settings.json'), 'utf8')) as never;
}

describe('settings through the management API', () => {
  it('shows the running server, its data dir and its limits, and no secret', async () => {
    const got = await api<SettingsView>('settings.get');
    expect(got.json.value).toMatchObject({
      port: 20128,
      listeningPort: fleet.server.port,
      requireKeyOnLoopback: true,
      dataDir: { path: fleet.dataDir, flag: '--data-dir', env: 'SWITCHYARD_DATA_DIR' },
      budgets: { providers: {}, keys: {} },
      prefixes: ['an', 'oa'],
      alertThresholds: [80, 95],
      nearLimitPercent: 80,
      retentionDays: 400,
      debugLog: false,
    });
    expect(got.text).not.toContain(fleet.routerKey);
    expect(got.text).not.toMatch(/[0-9a-f]{64}/);
  });

  it('saves a patch atomically, refuses bad ones whole, and says when a restart is due', async () => {
    const saved = await api<SettingsUpdateResult>('settings.update', {
      port: 23456,
      budgets: { providers: { oa: { dailyUsd: 2.5, monthlyUsd: 40 } } },
      alertThresholds: [90, 50],
      stopAtPercent: 97,
      retentionDays: 60,
    });
    expect(saved.json.value?.restartNeeded).toBe(true);
    expect(saved.json.value?.settings).toMatchObject({
      port: 23456,
      listeningPort: fleet.server.port,
      budgets: { providers: { oa: { dailyUsd: 2.5, monthlyUsd: 40 } } },
      alertThresholds: [50, 90],
      stopAtPercent: 97,
      retentionDays: 60,
    });
    expect(await savedFile()).toMatchObject({
      server: { port: 23456 },
      budgets: { providers: { oa: { dailyUsd: 2.5, monthlyUsd: 40 } } },
      quota: { alertThresholds: [50, 90], stopAtPercent: 97 },
      usage: { retentionDays: 60 },
    });
    // The port is bound at start: this server still answers where it did.
    expect((await openAiChat(fleet.routerKey)).status).toBe(200);

    for (const bad of [
      { port: 0 },
      { alertThresholds: [150] },
      { retentionDays: 2.5 },
      { budgets: { providers: { oa: { dailyUsd: 0 } } } },
      { budgets: { providers: { nowhere: { dailyUsd: 1 } } } },
      { retentionDays: 10, budgets: { keys: { rk_gone: { dailyUsd: 1 } } } },
      { dataDir: '/tmp/elsewhere' },
    ]) {
      const refused = await api('settings.update', bad);
      expect(refused.status, JSON.stringify(bad)).toBe(400);
      expect(refused.json.error?.code).toBe('invalid_request');
    }
    expect(refused(await savedFile())).toEqual({ retentionDays: 60, port: 23456 });

    const cleared = await api<SettingsUpdateResult>('settings.update', {
      budgets: { providers: { oa: null } },
      stopAtPercent: null,
    });
    expect(cleared.json.value?.restartNeeded).toBe(false);
    expect(cleared.json.value?.settings.budgets.providers).toEqual({});
    expect(cleared.json.value?.settings.stopAtPercent).toBeUndefined();
  });

  it('follows the require-key switch from the next request on', async () => {
    expect((await openAiChat()).status).toBe(401);
    await api('settings.update', { requireKeyOnLoopback: false });
    expect((await openAiChat()).status).toBe(200);
    await api('settings.update', { requireKeyOnLoopback: true });
    expect((await openAiChat()).status).toBe(401);
  });
});

describe('router keys through the management API', () => {
  it('creates a key that works at once and refuses it as soon as it is revoked', async () => {
    const created = await api<RouterKeyCreated>('keys.create', { name: 'laptop' });
    const { key, created: view, keys } = created.json.value ?? ({} as RouterKeyCreated);
    expect(key).toMatch(/^sy-/);
    expect(view).toMatchObject({ name: 'laptop', hint: key.slice(-4) });
    expect(keys.map((row) => row.id)).toEqual([fleet.routerKeyId, view.id]);
    // The key itself is never written down.
    expect(await readFile(path.join(fleet.dataDir, 'settings.json'), 'utf8')).not.toContain(key);
    const listed = await api<RouterKeyView[]>('keys.list');
    expect(listed.json.value).toEqual(keys);
    expect(listed.text).not.toContain(key);

    expect((await openAiChat(key)).status).toBe(200);
    expect((await anthropicMessage(key)).status).toBe(200);

    const revoked = await api<RouterKeyView[]>('keys.revoke', { id: view.id });
    expect(revoked.json.value?.map((row) => row.id)).toEqual([fleet.routerKeyId]);
    const openAi = await openAiChat(key);
    expect(openAi.status).toBe(401);
    expect(openAi.body).toMatchObject({ error: { type: 'authentication_error' } });
    const anthropic = await anthropicMessage(key);
    expect(anthropic.status).toBe(401);
    expect(anthropic.body).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error' },
    });
    // Other keys are untouched.
    expect((await openAiChat(fleet.routerKey)).status).toBe(200);

    expect((await api('keys.revoke', { id: view.id })).status).toBe(404);
    expect((await api('keys.create', { name: '' })).status).toBe(400);
  });

  it('drops a revoked key’s budget with it', async () => {
    const created = await api<RouterKeyCreated>('keys.create', { name: 'ci' });
    const id = created.json.value?.created.id ?? '';
    await api('settings.update', { budgets: { keys: { [id]: { monthlyUsd: 10 } } } });
    expect((await api<SettingsView>('settings.get')).json.value?.budgets.keys).toEqual({
      [id]: { monthlyUsd: 10 },
    });
    await api('keys.revoke', { id });
    expect((await api<SettingsView>('settings.get')).json.value?.budgets.keys).toEqual({});
  });
});

/** The two fields the refused patches above tried to change besides their bad part. */
function refused(file: Record<string, unknown>): { retentionDays: unknown; port: unknown } {
  const usage = file['usage'] as { retentionDays: unknown };
  const server = file['server'] as { port: unknown };
  return { retentionDays: usage.retentionDays, port: server.port };
}
