/** The debug request log over a real server: nothing when off, no secret in the file when on, capped. */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeManagementService, startManagementServer } from '../testing/management.js';
import { DEBUG_LOG_FILE, DebugLog, type DebugLogSettings } from './debug-log.js';

const SECRETS = {
  bearer: 'sk-ant-api03-SECRETbearer0123456789abcdef',
  xApiKey: 'plainkeyvalue-SECRET-xapikey-998877',
  googKey: 'AIzaSyA-SECRET-goog-0123456789abcdefg',
  queryKey: 'query-SECRET-key-5566778899',
  bodyKey: 'sk-proj-SECRETinbody0123456789abcdef',
  fieldPassword: 'hunter2-SECRET-pw',
  custom: 'custom-SECRET-token-value',
};

let dataDir: string;
let settings: DebugLogSettings;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'switchyard-debuglog-'));
  settings = { debugLog: false, debugLogMaxBytes: 64 * 1024 };
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function debugLog(bodyCapBytes?: number): DebugLog {
  return new DebugLog({
    dataDir,
    settings: () => settings,
    ...(bodyCapBytes === undefined ? {} : { bodyCapBytes }),
    onError: (error) => {
      throw error;
    },
  });
}

async function sendModelRequests(log: DebugLog): Promise<void> {
  const server = await startManagementServer(fakeManagementService(), { debugLog: log });
  try {
    await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${SECRETS.bearer}`,
        'x-api-key': SECRETS.xApiKey,
        'x-custom-session-token': SECRETS.custom,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        model: 'nobody/gpt',
        messages: [{ role: 'user', content: `my key is ${SECRETS.bodyKey}` }],
        password: SECRETS.fieldPassword,
      }),
    }).then((res) => res.arrayBuffer());
    await fetch(`${server.url}/v1beta/models/gemini-test:generateContent?key=${SECRETS.queryKey}`, {
      method: 'POST',
      headers: { 'x-goog-api-key': SECRETS.googKey, 'content-type': 'application/json' },
      body: '{"contents":[]}',
    }).then((res) => res.arrayBuffer());
    await fetch(`${server.url}/health`).then((res) => res.arrayBuffer());
  } finally {
    await server.close();
  }
  await log.flush();
}

describe('debug request log', () => {
  it('is off by default and then writes nothing', async () => {
    const log = debugLog();
    await sendModelRequests(log);
    await expect(stat(join(dataDir, DEBUG_LOG_FILE))).rejects.toThrow();
    expect(await log.recent(10)).toEqual([]);
  });

  it('keeps model requests, newest first, with every credential redacted', async () => {
    settings.debugLog = true;
    const log = debugLog();
    await sendModelRequests(log);
    const path = join(dataDir, DEBUG_LOG_FILE);
    const bytes = await readFile(path, 'utf8');
    for (const [name, secret] of Object.entries(SECRETS)) {
      expect(bytes.includes(secret), `${name} leaked`).toBe(false);
      // Parts of a secret are as bad as the whole.
      expect(bytes.includes(secret.slice(0, 16)), `${name} prefix leaked`).toBe(false);
    }
    expect((await stat(path)).mode & 0o777).toBe(0o600);

    const entries = await log.recent(10);
    expect(entries.map((entry) => entry.method + ' ' + entry.path.split('?')[0])).toEqual([
      'POST /v1beta/models/gemini-test:generateContent',
      'POST /v1/chat/completions',
    ]);
    const [gemini, chat] = entries;
    expect(gemini?.path).toContain('key=%5Bredacted%5D');
    expect(chat?.requestHeaders['authorization']).toBe('[redacted]');
    expect(chat?.requestHeaders['x-custom-session-token']).toBe('[redacted]');
    expect(chat?.requestHeaders['content-type']).toBe('application/json');
    expect(chat?.requestBody).toContain('"model":"nobody/gpt"');
    expect(chat?.status).toBeGreaterThanOrEqual(400);
    expect(chat?.requestId).toEqual(expect.any(String));
  });

  it('cuts bodies at the cap and still redacts a secret straddling the cut', async () => {
    settings.debugLog = true;
    const log = debugLog(1024);
    const padding = 'x'.repeat(1000);
    log.record({
      requestId: 'r1',
      at: 1,
      method: 'POST',
      url: '/v1/messages',
      headers: {},
      body: [Buffer.from(`{"p":"${padding}","k":"${SECRETS.bodyKey}"}`)],
      status: 200,
    });
    const [entry] = await log.recent(1);
    expect(entry?.truncated).toBe(true);
    expect(Buffer.byteLength(entry?.requestBody ?? '')).toBeLessThanOrEqual(1024);
    const bytes = await readFile(join(dataDir, DEBUG_LOG_FILE), 'utf8');
    expect(bytes).not.toContain(SECRETS.bodyKey.slice(0, 12));
  });

  it('trims the file to its newer half past the size cap', async () => {
    settings.debugLog = true;
    const log = debugLog();
    const body = [Buffer.from('y'.repeat(8 * 1024))];
    for (let index = 0; index < 20; index += 1) {
      log.record({
        requestId: `r${index}`,
        at: index,
        method: 'POST',
        url: '/v1/x',
        headers: {},
        body,
      });
    }
    await log.flush();
    const size = (await stat(join(dataDir, DEBUG_LOG_FILE))).size;
    expect(size).toBeLessThanOrEqual(settings.debugLogMaxBytes);
    const entries = await log.recent(100);
    expect(entries[0]?.requestId).toBe('r19');
    expect(entries.length).toBeLessThan(20);
    expect(entries.length).toBeGreaterThan(2);
  });

  it('skips a torn line when reading', async () => {
    settings.debugLog = true;
    await writeFile(join(dataDir, DEBUG_LOG_FILE), '{"requestId":"ok","at":1}\n{"requestId":"to', {
      mode: 0o600,
    });
    expect((await debugLog().recent(5)).map((entry) => entry.requestId)).toEqual(['ok']);
  });
});
