/**
 * A scriptable fake of the five usage endpoints on 127.0.0.1, at their real
 * paths: Claude `/api/oauth/usage`, Codex `/backend-api/wham/usage`, Copilot
 * `/copilot_internal/user`, Kiro `/getUsageLimits`, Antigravity
 * `/v1internal:fetchAvailableModels`. It checks the headers the real services
 * require, answers real-looking bodies built from scripted numbers, can be
 * told to answer 429 (with retry-after), 500 or 401, or to hang, and records
 * every call. Pair it with `RedirectDispatcher` so code keeps the real URLs.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  bearerToken,
  header,
  parseJson,
  readBody,
  sendJson,
} from '../fake-upstream/http-helpers.js';

export type UsageService = 'claude' | 'codex' | 'copilot' | 'kiro' | 'antigravity';

/** One scripted window: how much is used and when it resets (epoch ms). */
export interface FakeWindow {
  usedPercent: number;
  resetsAt: number;
  /** Absolute cap for services that report counts (Copilot, Kiro); default 1000. */
  limit?: number;
}

/**
 * Window names per service: claude `five_hour`/`seven_day`/`seven_day_opus`…,
 * codex `primary`/`secondary`, copilot `premium_interactions`/`chat`/`completions`,
 * kiro a resourceType (`CREDIT`), antigravity a model id.
 */
export type FakeUsage = Record<string, FakeWindow>;

export type FakeUsageStep =
  { status: 429; retryAfterSeconds?: number } | { status: 401 | 500 } | { hang: true };

export interface FakeUsageCall {
  service: UsageService;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: unknown;
  /** What the fake answered (0 for a hang). */
  status: number;
}

/** The credentials the fake accepts. */
export const FAKE_USAGE_CREDENTIALS = {
  accessToken: 'fake-usage-access',
  githubToken: 'gho_fake-usage',
  chatgptAccountId: 'acct-fake',
  project: 'fake-project',
} as const;

export interface FakeUsageServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly calls: readonly FakeUsageCall[];
  setUsage(service: UsageService, usage: FakeUsage): void;
  /** Steps answered before the normal usage reply, in order. */
  enqueue(service: UsageService, ...steps: FakeUsageStep[]): void;
  callsFor(service: UsageService): FakeUsageCall[];
  close(): Promise<void>;
}

const ROUTES: Record<string, { service: UsageService; method: string }> = {
  '/api/oauth/usage': { service: 'claude', method: 'GET' },
  '/backend-api/wham/usage': { service: 'codex', method: 'GET' },
  '/copilot_internal/user': { service: 'copilot', method: 'GET' },
  '/getUsageLimits': { service: 'kiro', method: 'GET' },
  '/v1internal:fetchAvailableModels': { service: 'antigravity', method: 'POST' },
};

const iso = (ms: number): string => new Date(ms).toISOString();
const seconds = (ms: number): number => Math.floor(ms / 1000);

/** Why a request would be refused by the real service, or undefined when it is acceptable. */
function refusal(
  service: UsageService,
  req: IncomingMessage,
  body: unknown,
  credentials: FakeUsageCredentials,
): string | undefined {
  const { accessToken, githubToken, chatgptAccountId, project } = credentials;
  if (service === 'copilot') {
    if (header(req.headers, 'authorization') !== `token ${githubToken}`) return 'Bad credentials';
    if (header(req.headers, 'user-agent') === undefined) return 'User-Agent required';
    return undefined;
  }
  if (bearerToken(req.headers) !== accessToken) return 'invalid bearer token';
  if (service === 'claude') {
    const betas = (header(req.headers, 'anthropic-beta') ?? '').split(',').map((b) => b.trim());
    if (!betas.includes('oauth-2025-04-20')) return 'OAuth authentication requires the oauth beta';
  }
  if (service === 'codex' && header(req.headers, 'chatgpt-account-id') !== chatgptAccountId) {
    return 'missing chatgpt-account-id';
  }
  if (service === 'antigravity') {
    const named =
      typeof body === 'object' && body !== null
        ? (body as { project?: unknown }).project
        : undefined;
    if (named !== project) return 'project required';
  }
  return undefined;
}

function usageBody(service: UsageService, usage: FakeUsage): unknown {
  const entries = Object.entries(usage);
  switch (service) {
    case 'claude':
      return {
        five_hour: null,
        seven_day: null,
        seven_day_opus: null,
        ...Object.fromEntries(
          entries.map(([name, w]) => [
            name,
            { utilization: w.usedPercent, resets_at: iso(w.resetsAt) },
          ]),
        ),
        extra_usage: {
          is_enabled: false,
          monthly_limit: null,
          used_credits: null,
          utilization: null,
        },
      };
    case 'codex': {
      const window = (w: FakeWindow | undefined, length: number): unknown =>
        w === undefined
          ? null
          : {
              used_percent: w.usedPercent,
              limit_window_seconds: length,
              reset_after_seconds: Math.max(0, seconds(w.resetsAt - Date.now())),
              reset_at: seconds(w.resetsAt),
            };
      return {
        plan_type: 'plus',
        rate_limit: {
          allowed: true,
          limit_reached: (usage['primary']?.usedPercent ?? 0) >= 100,
          primary_window: window(usage['primary'], 18_000),
          secondary_window: window(usage['secondary'], 604_800),
        },
      };
    }
    case 'copilot': {
      const resetsAt = entries[0]?.[1].resetsAt ?? Date.now();
      return {
        copilot_plan: 'individual',
        quota_reset_date: iso(resetsAt).slice(0, 10),
        quota_snapshots: Object.fromEntries(
          entries.map(([name, w]) => {
            const limit = w.limit ?? 1000;
            const remaining = Math.round(limit * (1 - w.usedPercent / 100));
            return [
              name,
              {
                entitlement: limit,
                remaining,
                percent_remaining: 100 - w.usedPercent,
                unlimited: false,
                quota_id: name,
              },
            ];
          }),
        ),
      };
    }
    case 'kiro':
      return {
        nextDateReset: seconds(entries[0]?.[1].resetsAt ?? Date.now()),
        subscriptionInfo: { subscriptionTitle: 'KIRO PRO', type: 'Q_DEVELOPER_STANDALONE_PRO' },
        usageBreakdownList: entries.map(([name, w]) => {
          const limit = w.limit ?? 1000;
          return {
            resourceType: name,
            displayName: 'Credit',
            displayNamePlural: 'Credits',
            currentUsage: Math.round((limit * w.usedPercent) / 100),
            usageLimit: limit,
            nextDateReset: seconds(w.resetsAt),
            freeTrialInfo: null,
          };
        }),
      };
    case 'antigravity':
      return {
        models: Object.fromEntries(
          entries.map(([name, w]) => {
            const remaining = 1 - w.usedPercent / 100;
            // Like proto3 JSON, a zero fraction is left out.
            const quotaInfo =
              remaining > 0
                ? { remainingFraction: remaining, resetTime: iso(w.resetsAt) }
                : { resetTime: iso(w.resetsAt) };
            return [name, { displayName: name, quotaInfo }];
          }),
        ),
      };
  }
}

export type FakeUsageCredentials = { [K in keyof typeof FAKE_USAGE_CREDENTIALS]: string };

/** `credentials` changes what the fake accepts (a fleet's accounts share one upstream token). */
export async function startFakeUsage(
  credentials: FakeUsageCredentials = FAKE_USAGE_CREDENTIALS,
): Promise<FakeUsageServer> {
  const usage = new Map<UsageService, FakeUsage>();
  const queues = new Map<UsageService, FakeUsageStep[]>();
  const calls: FakeUsageCall[] = [];
  const sockets = new Set<Socket>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const route = ROUTES[url.pathname];
    const raw = await readBody(req);
    const parsed = parseJson(raw);
    const body = parsed.ok ? parsed.value : undefined;
    if (route === undefined || route.method !== req.method) {
      sendJson(res, { status: 404, body: { error: 'not found' } });
      return;
    }
    const { service } = route;
    const call: FakeUsageCall = {
      service,
      method: req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      status: 0,
    };
    calls.push(call);
    const refused = refusal(service, req, body, credentials);
    if (refused !== undefined) {
      call.status = 401;
      sendJson(res, {
        status: 401,
        body: { error: { type: 'authentication_error', message: refused } },
      });
      return;
    }
    if (service === 'kiro' && url.searchParams.get('origin') !== 'AI_EDITOR') {
      call.status = 400;
      sendJson(res, { status: 400, body: { message: 'improper usage query' } });
      return;
    }
    const step = queues.get(service)?.shift();
    if (step !== undefined && 'hang' in step) return;
    if (step !== undefined) {
      call.status = step.status;
      const headers: Record<string, string> =
        step.status === 429 && step.retryAfterSeconds !== undefined
          ? { 'retry-after': String(step.retryAfterSeconds) }
          : {};
      sendJson(res, {
        status: step.status,
        body: { error: { message: `scripted ${step.status}` } },
        headers,
      });
      return;
    }
    call.status = 200;
    sendJson(res, { status: 200, body: usageBody(service, usage.get(service) ?? {}) });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => sendJson(res, { status: 500, body: { error: 'fake failed' } }));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    setUsage: (service, numbers) => usage.set(service, numbers),
    enqueue: (service, ...steps) => queues.set(service, [...(queues.get(service) ?? []), ...steps]),
    callsFor: (service) => calls.filter((call) => call.service === service),
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging requests hold their sockets open; end them so close() returns.
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
