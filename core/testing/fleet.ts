/**
 * A real Switchyard in front of several fake upstreams, one per account, for
 * routing tests: accounts that share a prefix, providers in other formats,
 * combos, and a clock the test moves by hand.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSwitchyard, type RunningSwitchyard, type StartOptions } from '../app.js';
import { tokenSecretName } from '../auth/token-keeper.js';
import type { OAuthTokens } from '../auth/types.js';
import type { UsageRecord } from '../engine/usage-meter.js';
import { WIRE_FORMATS, type WireFormat } from '../formats/ir/types.js';
import { createRouterKey } from '../storage/router-keys.js';
import { KeyFileSecretStore } from '../storage/secret-store.js';
import type { Settings } from '../storage/settings-schema.js';
import { SettingsStore } from '../storage/settings-store.js';
import { startFakeUpstream, type FakeFormat, type FakeUpstream } from './fake-upstream/index.js';
import { UPSTREAM_KEY } from './harness.js';

const KIND_BY_FORMAT: Record<FakeFormat, string> = {
  'openai-chat': 'openai',
  'openai-responses': 'openai-responses',
  anthropic: 'anthropic',
  gemini: 'gemini',
  // Upstream-only formats belong to one registry provider each.
  kiro: 'kr',
  antigravity: 'ag',
};

function isWireFormat(format: FakeFormat): format is WireFormat {
  return (WIRE_FORMATS as readonly string[]).includes(format);
}

export interface AccountSpec {
  /** The account's id (provider entry id). */
  id: string;
  prefix: string;
  format: FakeFormat;
  priority?: number;
  /** A subscription account: these tokens are stored instead of an API key. */
  oauth?: OAuthTokens;
  /** A registry kind (`cc`, `cx`…) instead of the generic kind of `format`. */
  kind?: string;
}

export interface Fleet {
  url: string;
  routerKey: string;
  routerKeyId: string;
  dataDir: string;
  /** One fake upstream per account id. */
  fakes: Record<string, FakeUpstream>;
  usage: UsageRecord[];
  logs: string[];
  clock: ManualClock;
  server: RunningSwitchyard;
  /** Changes settings the way the CLI would, while the server runs. */
  configure(change: (draft: Settings) => void): Promise<void>;
  /** Stops the server (state is saved) and starts a new one on the same data dir. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export class ManualClock {
  constructor(private current = Date.UTC(2026, 11, 1, 12)) {}
  now = (): number => this.current;
  advance(ms: number): void {
    this.current += ms;
  }
}

export async function startFleet(
  accounts: readonly AccountSpec[],
  configure?: (draft: Settings) => void,
  /** More server options (a redirecting dispatcher for usage endpoints, say). */
  extra: Partial<StartOptions> = {},
): Promise<Fleet> {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchyard-fleet-'));
  const fakes: Record<string, FakeUpstream> = {};
  for (const account of accounts) {
    fakes[account.id] = await startFakeUpstream({ format: account.format, apiKey: UPSTREAM_KEY });
  }
  const { key, record } = createRouterKey('fleet');
  const settings = await SettingsStore.open(dataDir);
  await settings.update((draft) => {
    draft.routerKeys.push(record);
    for (const account of accounts) {
      draft.providers.push({
        id: account.id,
        kind: account.kind ?? KIND_BY_FORMAT[account.format],
        prefix: account.prefix,
        ...(isWireFormat(account.format) ? { format: account.format } : {}),
        baseUrl: fakes[account.id]?.baseUrl ?? '',
        enabled: true,
        hasApiKey: true,
        ...(account.priority === undefined ? {} : { priority: account.priority }),
        ...(account.oauth === undefined ? {} : { auth: 'oauth' as const }),
        createdAt: new Date().toISOString(),
      });
    }
    configure?.(draft);
  });
  const secrets = await KeyFileSecretStore.open(dataDir);
  for (const account of accounts) {
    if (account.oauth === undefined) await secrets.set(`provider:${account.id}`, UPSTREAM_KEY);
    else await secrets.set(tokenSecretName(account.id), JSON.stringify(account.oauth));
  }

  const usage: UsageRecord[] = [];
  const logs: string[] = [];
  const clock = new ManualClock();
  const start = (): Promise<RunningSwitchyard> =>
    startSwitchyard({
      dataDir,
      port: 0,
      log: (line) => logs.push(line),
      onUsage: (entry) => usage.push(entry),
      clock: clock.now,
      // Tests move the clock by hand; real pauses between candidates would only slow them.
      backoff: () => 0,
      // A hung upstream is given up on quickly, so a hang test does not wait minutes.
      upstreamHeadersTimeoutMs: 1500,
      ...extra,
    });
  let server = await start();

  const fleet: Fleet = {
    get url() {
      return server.url;
    },
    routerKey: key,
    routerKeyId: record.id,
    dataDir,
    fakes,
    usage,
    logs,
    clock,
    get server() {
      return server;
    },
    async configure(change) {
      await settings.update(change);
    },
    async restart() {
      await server.close();
      server = await start();
    },
    async close() {
      settings.close();
      await server.close();
      await Promise.all(Object.values(fakes).map((fake) => fake.close()));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return fleet;
}
