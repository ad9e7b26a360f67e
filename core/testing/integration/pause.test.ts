/**
 * Pausing routing on a real server: model requests get a 503 in the caller's own format,
 * no upstream is asked, the ledger still records them, and resuming serves again.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StatusView } from '../../shared/contract.js';
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

async function setPaused(paused: boolean): Promise<StatusView | undefined> {
  const response = await fetch(`${fleet.url}/api/routing.setPaused`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ paused }),
  });
  return ((await response.json()) as { value?: StatusView }).value;
}

async function openAiChat(): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${fleet.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${fleet.routerKey}` },
    body: JSON.stringify({ model: 'oa/gpt-test', messages: [{ role: 'user', content: 'hi' }] }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function anthropicMessage(): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${fleet.url}/v1/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': fleet.routerKey,
      'anthropic-version': '2023-06-01',
    },
    body: JSON.stringify({
      model: 'an/claude-test',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hi' }],
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function upstreamRequests(): number {
  return Object.values(fleet.fakes).reduce((sum, fake) => sum + fake.requests.length, 0);
}

describe('paused routing', () => {
  it('answers 503 in each caller format without asking an upstream, and serves again on resume', async () => {
    expect((await openAiChat()).status).toBe(200);
    const before = upstreamRequests();

    expect((await setPaused(true))?.paused).toBe(true);
    const openAi = await openAiChat();
    expect(openAi.status).toBe(503);
    expect(openAi.body).toMatchObject({ error: { message: expect.stringMatching(/paused/) } });
    expect(String((openAi.body['error'] as { message: string }).message)).toContain(
      'switchyard routing resume',
    );
    const anthropic = await anthropicMessage();
    expect(anthropic.status).toBe(503);
    expect(anthropic.body).toMatchObject({
      type: 'error',
      error: { message: expect.stringMatching(/paused/) },
    });
    expect(upstreamRequests()).toBe(before);

    // The model list is not a model request: it keeps answering while paused.
    const models = await fetch(`${fleet.url}/v1/models`, {
      headers: { authorization: `Bearer ${fleet.routerKey}` },
    });
    expect(models.status).toBe(200);

    fleet.server.flushUsage();
    const rows = fleet.server.usage.recent({ limit: 2 });
    expect(rows.map((row) => [row.status, row.outcome])).toEqual([
      [503, 'rejected'],
      [503, 'rejected'],
    ]);

    expect((await setPaused(false))?.paused).toBe(false);
    expect((await openAiChat()).status).toBe(200);
    expect((await anthropicMessage()).status).toBe(200);
    expect(upstreamRequests()).toBe(before + 2);
  });

  it('follows a settings write from another process (the CLI)', async () => {
    await fleet.configure((draft) => {
      draft.routing.paused = true;
    });
    await vi.waitFor(async () => expect((await openAiChat()).status).toBe(503), {
      timeout: 5000,
      interval: 50,
    });
    await fleet.configure((draft) => {
      draft.routing.paused = false;
    });
    await vi.waitFor(async () => expect((await openAiChat()).status).toBe(200), {
      timeout: 5000,
      interval: 50,
    });
  });
});
