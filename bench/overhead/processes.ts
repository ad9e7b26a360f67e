/**
 * Runs the fake upstream and Switchyard each in a process of its own, so the
 * benchmark measures what a user sees: the client, the router and the vendor
 * do not share one event loop.
 *
 *   node --import tsx bench/overhead/processes.ts upstream
 *   node --import tsx bench/overhead/processes.ts router <upstream base URL>
 *
 * Each prints one JSON line with its address, then serves until killed.
 */
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { startSwitchyard } from '../../core/app.js';
import { createRouterKey } from '../../core/storage/router-keys.js';
import { KeyFileSecretStore } from '../../core/storage/secret-store.js';
import { SettingsStore } from '../../core/storage/settings-store.js';
import { startFakeUpstream } from '../../core/testing/fake-upstream/index.js';
import { UPSTREAM_KEY } from '../../core/testing/harness.js';
import { BENCH_PROVIDER } from './bodies.js';

async function upstream(): Promise<void> {
  const fake = await startFakeUpstream({ format: 'openai-chat', apiKey: UPSTREAM_KEY });
  console.log(JSON.stringify({ baseUrl: fake.baseUrl }));
}

async function router(baseUrl: string): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchyard-bench-'));
  const { key, record } = createRouterKey('bench');
  const settings = await SettingsStore.open(dataDir);
  await settings.update((current) => {
    current.routerKeys.push(record);
    current.providers.push({
      id: BENCH_PROVIDER,
      kind: 'openai',
      prefix: BENCH_PROVIDER,
      format: 'openai-chat',
      baseUrl,
      enabled: true,
      hasApiKey: true,
      createdAt: new Date().toISOString(),
    });
  });
  settings.close();
  const secrets = await KeyFileSecretStore.open(dataDir);
  await secrets.set(`provider:${BENCH_PROVIDER}`, UPSTREAM_KEY);
  const running = await startSwitchyard({
    dataDir,
    port: 0,
    log: () => undefined,
    onUsage: () => undefined,
  });
  console.log(JSON.stringify({ url: running.url, routerKey: key }));
}

/**
 * The floor: a relay that pipes bytes to the upstream and back with no parsing
 * at all. What Switchyard adds beyond this is its own work; the rest is the
 * cost of one more local hop on this machine.
 */
async function relay(baseUrl: string): Promise<void> {
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const server = createServer((req, res) => {
    void (async () => {
      const reply = await request(`${baseUrl}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${UPSTREAM_KEY}` },
        body: req,
        dispatcher: agent,
      });
      res.writeHead(reply.statusCode, { 'content-type': String(reply.headers['content-type']) });
      for await (const chunk of reply.body) res.write(chunk as Buffer);
      res.end();
    })();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  console.log(JSON.stringify({ url: `http://127.0.0.1:${port}` }));
}

const [role, arg] = process.argv.slice(2);
if (role === 'upstream') await upstream();
else if (role === 'router' && arg !== undefined) await router(arg);
else if (role === 'relay' && arg !== undefined) await relay(arg);
else {
  console.error('usage: processes.ts upstream | router|relay <upstream base URL>');
  process.exit(2);
}
process.on('SIGINT', () => process.exit(0));
