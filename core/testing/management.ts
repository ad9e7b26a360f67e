/**
 * Test doubles for the management API: fake ports with canned data, and the
 * real HTTP app (`createApp`) with only management wired, on 127.0.0.1:0.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { ReasoningMemory } from '../engine/reasoning-memory.js';
import { CODECS, ollamaCodec } from '../formats/index.js';
import {
  createManagementService,
  type ManagementDeps,
  type ManagementServiceHandle,
} from '../management/service.js';
import { providerKinds } from '../providers/accounts.js';
import type { KeyCheck } from '../providers/verify-key.js';
import { createApp } from '../server/app.js';
import type { DebugRecorder } from '../server/debug-capture.js';
import type { AccountView, LoginView, StatusView, ToolView } from '../shared/contract.js';
import { silentLogger } from '../shared/log.js';
import type { ManagementService } from '../shared/management.js';
import type { RequestRecord, UsageTotals } from '../shared/usage.js';
import {
  defaultSettings,
  settingsSchema,
  type Combo,
  type ProviderConfig,
  type Settings,
} from '../storage/settings-schema.js';

export const TEST_MANAGEMENT_TOKEN = 'test-management-token-0123456789abcdef';

const zeroTotals: UsageTotals = {
  requests: 0,
  errors: 0,
  input: 0,
  output: 0,
  cacheRead: 0,
  cacheWrite: 0,
  reasoning: 0,
  estimatedRequests: 0,
  costUsd: 0,
  apiValueUsd: 0,
};

export function fakeAccount(id: string): AccountView {
  return {
    id,
    prefix: id,
    kind: 'openai',
    displayName: `Account ${id}`,
    auth: 'api-key',
    enabled: true,
    state: 'ok',
    termsRisk: 'none',
    quota: { accountId: id, prefix: id, windows: [] },
  };
}

export function fakeRequest(requestId: string, at: number): RequestRecord {
  return {
    requestId,
    at,
    inbound: 'openai-chat',
    requested: 'a/gpt',
    prefix: 'a',
    accountId: 'a',
    model: 'gpt',
    status: 200,
    outcome: 'completed',
    latencyMs: 12,
    input: 10,
    output: 5,
    cacheRead: 0,
    cacheWrite: 0,
    reasoning: 0,
    estimated: false,
    costUsd: 0,
    apiValueUsd: 0.01,
  };
}

export function fakeTool(id: string, extra: Partial<ToolView> = {}): ToolView {
  return {
    id,
    displayName: `Tool ${id}`,
    installed: true,
    byHand: false,
    status: 'not-connected',
    detail: 'not connected',
    ...extra,
  };
}

export function fakeEntry(id: string, extra: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    id,
    kind: 'openai',
    prefix: id,
    enabled: true,
    hasApiKey: true,
    createdAt: '2025-01-01T00:00:00.000Z',
    ...extra,
  };
}

/** The router key record the fake settings start with (its hash matches no key). */
export const FAKE_ROUTER_KEY = {
  id: 'rk_laptop',
  name: 'laptop',
  hash: '0'.repeat(64),
  hint: 'abcd',
  createdAt: '2025-01-01T00:00:00.000Z',
};

/** The key the fake upstream refuses (`verifyKey`), and one it cannot be reached for. */
export const REFUSED_KEY = 'sk-refused';
export const UNREACHABLE_KEY = 'sk-unreachable';

/** Ports over in-memory state; `calls` records what the service asked of them. */
export function fakeManagementDeps() {
  const calls: string[] = [];
  const state = {
    activeCombo: 'work' as string | undefined,
    debugLog: false,
    paused: false,
    combos: [
      { name: 'work', strategy: 'fallback', entries: [{ model: 'a/gpt', weight: 1 }] },
      { name: 'cheap', strategy: 'fallback', entries: [{ model: 'b/gpt', weight: 1 }] },
    ] as Combo[],
    /** The settings' provider entries behind the accounts `a` and `b`. */
    entries: [fakeEntry('a'), fakeEntry('b')],
    /** What the fake secret store holds. */
    secrets: new Map<string, string>([['provider:a', 'sk-a']]),
    /** The settings file behind `settings.*` and `keys.*`: accounts `a` and `b`, one router key. */
    settings: {
      ...defaultSettings(),
      providers: [fakeEntry('a'), fakeEntry('b')],
      routerKeys: [FAKE_ROUTER_KEY],
    } as Settings,
    /** Logins the fake started (each stays `starting` until cancelled). */
    logins: new Map<string, LoginView>(),
  };
  /** What the fake accounts `a` and `b` serve. */
  const served = ['a/gpt', 'a/mini', 'b/gpt'];
  const status = (): StatusView => ({
    version: '0.0.0-test',
    url: 'http://127.0.0.1:1',
    ...(state.activeCombo === undefined ? {} : { activeCombo: state.activeCombo }),
    combos: state.combos.map((combo) => ({
      name: combo.name,
      strategy: combo.strategy,
      entries: combo.entries.map((entry) => entry.model),
    })),
    debugLog: state.debugLog,
    paused: state.paused,
  });
  const tools = (): ToolView[] => [
    fakeTool('claude-code'),
    fakeTool('codex', { keyEnv: 'SWITCHYARD_API_KEY' }),
    fakeTool('cline', { byHand: true, instructions: ['by hand'] }),
  ];
  const deps: ManagementDeps = {
    status,
    accounts: () =>
      state.entries.map((entry) => ({
        ...fakeAccount(entry.id),
        enabled: entry.enabled,
        ...(entry.priority === undefined ? {} : { priority: entry.priority }),
      })),
    refreshQuota: (accountId) => {
      calls.push(`refreshQuota:${accountId ?? '*'}`);
      return Promise.resolve();
    },
    clearRouting: (accountId) => {
      calls.push(`clearRouting:${accountId}`);
    },
    activateCombo: (name) => {
      state.activeCombo = name;
      return Promise.resolve();
    },
    usage: {
      summary: ({ from, to, by }) => ({ from, to, by, rows: [], totals: zeroTotals }),
      series: ({ from, to, bucket, by }) => ({
        from,
        to,
        bucket,
        points: [],
        ...(by === undefined ? {} : { by, groups: [] }),
      }),
      recent: ({ limit }) => [fakeRequest('r2', 2_000), fakeRequest('r1', 1_000)].slice(0, limit),
    },
    traces: {
      find: (id) =>
        id === 'r2'
          ? {
              id,
              at: '2025-01-01T00:00:00.000Z',
              requested: 'a/gpt',
              inbound: 'openai-chat',
              status: 200,
              candidates: [{ model: 'a/gpt', account: 'a', outcome: 'served', ms: 10 }],
            }
          : undefined,
    },
    alerts: { recent: () => [] },
    debugLog: {
      recent: () => Promise.resolve([]),
      setEnabled: (enabled) => {
        state.debugLog = enabled;
        return Promise.resolve();
      },
    },
    tools: {
      list: () => Promise.resolve(tools()),
      preview: (toolId, model) => {
        calls.push(`tools.preview:${toolId}:${model ?? '-'}`);
        return Promise.resolve({ diff: '', files: [] });
      },
      connect: (toolId, model) => {
        calls.push(`tools.connect:${toolId}:${model ?? '-'}`);
        return Promise.resolve({
          tools: tools(),
          instructions: [],
          key: { name: toolId, hint: 'abcd' },
        });
      },
      disconnect: (toolId) => {
        calls.push(`tools.disconnect:${toolId}`);
        return Promise.resolve(tools());
      },
    },
    setPaused: (paused) => {
      state.paused = paused;
      return Promise.resolve();
    },
    combos: {
      read: () => ({ combos: state.combos, active: state.activeCombo }),
      write: (edit) => {
        state.combos = edit({ combos: state.combos, active: state.activeCombo });
        calls.push('writeCombos');
        return Promise.resolve();
      },
    },
    settings: {
      get: () => state.settings,
      update: async (mutator) => {
        const draft = structuredClone(state.settings);
        // Validated as the real store does, so a bad write throws and leaves the state alone.
        state.settings = settingsSchema.parse((await mutator(draft)) ?? draft);
        calls.push('writeSettings');
        return state.settings;
      },
      listeningPort: () => 4321,
      dataDir: '/data/switchyard',
    },
    models: () => [...served],
    modelProblem: (model) => (served.includes(model) ? undefined : 'no account serves it'),
    entries: {
      read: () => state.entries,
      write: (edit) => {
        state.entries = edit(state.entries);
        calls.push('writeEntries');
        return Promise.resolve();
      },
      verifyKey: (entry, apiKey): Promise<KeyCheck> => {
        calls.push(`verifyKey:${entry.id}`);
        if (apiKey === REFUSED_KEY) {
          return Promise.resolve({ outcome: 'rejected', message: 'Incorrect API key provided' });
        }
        if (apiKey === UNREACHABLE_KEY) {
          return Promise.resolve({
            outcome: 'unreachable',
            message: 'could not reach api.example (ECONNREFUSED)',
          });
        }
        return Promise.resolve({ outcome: 'valid' });
      },
      secrets: {
        set: (name, value) => {
          state.secrets.set(name, value);
          return Promise.resolve();
        },
        delete: (name) => {
          state.secrets.delete(name);
          return Promise.resolve();
        },
      },
      kinds: providerKinds,
    },
    logins: {
      start: (kind, accountId) => {
        const login: LoginView = {
          id: `login-${state.logins.size + 1}`,
          kind,
          ...(accountId === undefined ? {} : { accountId }),
          state: { status: 'starting' },
        };
        state.logins.set(login.id, login);
        calls.push(`logins.start:${kind}:${accountId ?? '-'}`);
        return { ok: true, login };
      },
      get: (id) => state.logins.get(id),
      cancel: (id) => {
        const login = state.logins.get(id);
        if (login === undefined) return undefined;
        const cancelled: LoginView = { ...login, state: { status: 'cancelled' } };
        state.logins.set(id, cancelled);
        return cancelled;
      },
    },
  };
  return { deps, calls, state };
}

export function fakeManagementService(): ManagementServiceHandle {
  return createManagementService(fakeManagementDeps().deps);
}

export interface ManagementTestServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The real app with no providers; only `/api/*`, `/health` and (optionally) the debug log matter. */
export async function startManagementServer(
  service: ManagementService,
  options: { keepAliveMs?: number; debugLog?: DebugRecorder } = {},
): Promise<ManagementTestServer> {
  const dispatcher = new Agent();
  const app = createApp({
    providers: () => [],
    apiKey: () => Promise.resolve(undefined),
    dispatcher,
    codecs: CODECS,
    ollama: ollamaCodec,
    reasoning: new ReasoningMemory(),
    log: silentLogger,
    bodyLimitBytes: () => 1024 * 1024,
    serverSettings: () => ({ requireKeyOnLoopback: false, allowedHosts: [] }),
    verifyRouterKey: () => Promise.resolve(undefined),
    boundBeyondLoopback: false,
    management: {
      service,
      token: () => Promise.resolve(TEST_MANAGEMENT_TOKEN),
      ...(options.keepAliveMs === undefined ? {} : { keepAliveMs: options.keepAliveMs }),
    },
    ...(options.debugLog === undefined ? {} : { debugLog: options.debugLog }),
  });
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await dispatcher.close();
    },
  };
}
