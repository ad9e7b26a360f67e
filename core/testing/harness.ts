/**
 * Starts a real Switchyard on a random loopback port with a fresh data dir,
 * one router key, and one fake upstream per wire format configured as a
 * provider. Tests drive it with the vendors' own SDKs over real sockets.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSwitchyard, type RunningSwitchyard } from '../app.js';
import type { UsageRecord } from '../engine/usage-meter.js';
import type { WireFormat } from '../formats/ir/types.js';
import { createRouterKey } from '../storage/router-keys.js';
import { KeyFileSecretStore } from '../storage/secret-store.js';
import { SettingsStore } from '../storage/settings-store.js';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream/index.js';

export const UPSTREAM_KEY = 'test-upstream-key';

/** Provider entries that point at the fakes: `<prefix>/<model>` ids for each format. */
export const FAKE_PROVIDERS: Record<
  WireFormat,
  { id: string; kind: string; format: WireFormat; model: string }
> = {
  'openai-chat': { id: 'up-chat', kind: 'openai', format: 'openai-chat', model: 'gpt-test' },
  'openai-responses': {
    id: 'up-responses',
    kind: 'openai-responses',
    format: 'openai-responses',
    model: 'gpt-test',
  },
  anthropic: { id: 'up-anthropic', kind: 'anthropic', format: 'anthropic', model: 'claude-test' },
  gemini: { id: 'up-gemini', kind: 'gemini', format: 'gemini', model: 'gemini-test' },
};

export interface Harness {
  url: string;
  routerKey: string;
  dataDir: string;
  fakes: Record<WireFormat, FakeUpstream>;
  /** Everything Switchyard logged, for secret-leak checks. */
  logs: string[];
  /** Every usage record, in the order requests finished. */
  usage: UsageRecord[];
  /** The client-facing model id served by the fake of `format`. */
  model(format: WireFormat): string;
  server: RunningSwitchyard;
  close(): Promise<void>;
}

export interface HarnessOptions {
  bodyLimitBytes?: number;
  requireKeyOnLoopback?: boolean;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchyard-test-'));
  const formats = Object.keys(FAKE_PROVIDERS) as WireFormat[];
  const fakes = Object.fromEntries(
    await Promise.all(
      formats.map(
        async (format) =>
          [format, await startFakeUpstream({ format, apiKey: UPSTREAM_KEY })] as const,
      ),
    ),
  ) as Record<WireFormat, FakeUpstream>;

  const { key, record } = createRouterKey('tests');
  const settings = await SettingsStore.open(dataDir);
  await settings.update((current) => {
    current.routerKeys.push(record);
    current.server.bodyLimitBytes = options.bodyLimitBytes ?? current.server.bodyLimitBytes;
    current.server.requireKeyOnLoopback = options.requireKeyOnLoopback ?? true;
    for (const format of formats) {
      const provider = FAKE_PROVIDERS[format];
      current.providers.push({
        id: provider.id,
        kind: provider.kind,
        prefix: provider.id,
        format: provider.format,
        baseUrl: fakes[format].baseUrl,
        enabled: true,
        models: [provider.model],
        hasApiKey: true,
        createdAt: new Date().toISOString(),
      });
    }
  });
  settings.close();
  const secrets = await KeyFileSecretStore.open(dataDir);
  for (const format of formats)
    await secrets.set(`provider:${FAKE_PROVIDERS[format].id}`, UPSTREAM_KEY);

  const logs: string[] = [];
  const usage: UsageRecord[] = [];
  const server = await startSwitchyard({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    log: (line) => logs.push(line),
    onUsage: (record) => usage.push(record),
  });
  return {
    url: server.url,
    routerKey: key,
    dataDir,
    fakes,
    logs,
    usage,
    server,
    model: (format) => `${FAKE_PROVIDERS[format].id}/${FAKE_PROVIDERS[format].model}`,
    async close() {
      await server.close();
      await Promise.all(Object.values(fakes).map((fake) => fake.close()));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
