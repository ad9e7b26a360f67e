/**
 * Reads, with the user's consent, logins their own CLIs already hold, so they
 * need not sign in twice. The files are read once and never written. After an
 * import Switchyard refreshes the login itself; since refresh tokens rotate,
 * the original CLI may then ask the user to sign in again (the CLI says so).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isRecord } from '../formats/ir/json.js';
import { decodeJwtPayload } from './jwt.js';
import { KIRO_EXTRA_KEYS, KIRO_REGION } from './providers/kiro.js';
import type { LoginAccount, OAuthTokens } from './types.js';

export interface ImportedLogin {
  tokens: OAuthTokens;
  account: LoginAccount;
  /** The file it came from, for the message. */
  source: string;
}

export type ImportFailure = { code: 'not_found' | 'unreadable'; message: string };

export class ImportError extends Error {
  constructor(readonly failure: ImportFailure) {
    super(failure.message);
    this.name = 'ImportError';
  }
}

async function readJson(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ImportError({
      code: 'not_found',
      message: `${file} does not exist or cannot be read`,
    });
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (isRecord(value)) return value;
  } catch {
    // Reported below.
  }
  throw new ImportError({
    code: 'unreadable',
    message: `${file} is not the JSON this import expects`,
  });
}

function text(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Claude Code keeps its login in `~/.claude/.credentials.json` under `claudeAiOauth`. */
export async function importClaudeLogin(home: string): Promise<ImportedLogin> {
  const source = path.join(home, '.claude', '.credentials.json');
  const root = await readJson(source);
  const oauth = isRecord(root['claudeAiOauth']) ? root['claudeAiOauth'] : undefined;
  const accessToken = oauth === undefined ? undefined : text(oauth, 'accessToken');
  if (oauth === undefined || accessToken === undefined) {
    throw new ImportError({ code: 'unreadable', message: `${source} holds no Claude login` });
  }
  const tokens: OAuthTokens = { accessToken };
  const refreshToken = text(oauth, 'refreshToken');
  if (refreshToken !== undefined) tokens.refreshToken = refreshToken;
  if (typeof oauth['expiresAt'] === 'number') tokens.expiresAt = oauth['expiresAt'];
  const plan = text(oauth, 'subscriptionType');
  return {
    tokens,
    account: {
      label: 'Claude (imported from Claude Code)',
      ...(plan === undefined ? {} : { plan }),
    },
    source,
  };
}

/** The Codex CLI keeps its ChatGPT login in `~/.codex/auth.json` under `tokens`. */
export async function importCodexLogin(home: string): Promise<ImportedLogin> {
  const source = path.join(home, '.codex', 'auth.json');
  const root = await readJson(source);
  const saved = isRecord(root['tokens']) ? root['tokens'] : undefined;
  const accessToken = saved === undefined ? undefined : text(saved, 'access_token');
  if (saved === undefined || accessToken === undefined) {
    throw new ImportError({ code: 'unreadable', message: `${source} holds no ChatGPT login` });
  }
  const tokens: OAuthTokens = { accessToken };
  const refreshToken = text(saved, 'refresh_token');
  if (refreshToken !== undefined) tokens.refreshToken = refreshToken;
  const idToken = text(saved, 'id_token');
  if (idToken !== undefined) tokens.idToken = idToken;
  const claims = idToken === undefined ? undefined : decodeJwtPayload(idToken);
  const auth = isRecord(claims?.['https://api.openai.com/auth'])
    ? (claims?.['https://api.openai.com/auth'] as Record<string, unknown>)
    : {};
  const accountId = text(saved, 'account_id') ?? text(auth, 'chatgpt_account_id');
  if (accountId !== undefined) tokens.extra = { chatgpt_account_id: accountId };
  const access = decodeJwtPayload(accessToken);
  if (typeof access?.['exp'] === 'number') tokens.expiresAt = access['exp'] * 1000;
  const email = claims === undefined ? undefined : text(claims, 'email');
  const plan = text(auth, 'chatgpt_plan_type');
  return {
    tokens,
    account: {
      label: email ?? 'ChatGPT (imported from Codex)',
      ...(plan === undefined ? {} : { plan }),
    },
    source,
  };
}

/**
 * Kiro keeps its Builder ID login in `~/.aws/sso/cache/kiro-auth-token.json`, and the
 * registered client it refreshes with in `<clientIdHash>.json` beside it.
 */
export async function importKiroLogin(home: string): Promise<ImportedLogin> {
  const cache = path.join(home, '.aws', 'sso', 'cache');
  const source = path.join(cache, 'kiro-auth-token.json');
  const saved = await readJson(source);
  const accessToken = text(saved, 'accessToken');
  if (accessToken === undefined) {
    throw new ImportError({ code: 'unreadable', message: `${source} holds no Kiro login` });
  }
  const tokens: OAuthTokens = { accessToken };
  const refreshToken = text(saved, 'refreshToken');
  if (refreshToken !== undefined) tokens.refreshToken = refreshToken;
  const expires = Date.parse(text(saved, 'expiresAt') ?? '');
  if (Number.isFinite(expires)) tokens.expiresAt = expires;
  const extra: Record<string, string> = {
    [KIRO_EXTRA_KEYS.region]: text(saved, 'region') ?? KIRO_REGION,
  };
  const hash = text(saved, 'clientIdHash');
  if (hash !== undefined && /^[\w-]+$/.test(hash)) {
    const client = await readJson(path.join(cache, `${hash}.json`)).catch(() => undefined);
    const clientId = client === undefined ? undefined : text(client, 'clientId');
    const clientSecret = client === undefined ? undefined : text(client, 'clientSecret');
    if (clientId !== undefined && clientSecret !== undefined) {
      extra[KIRO_EXTRA_KEYS.clientId] = clientId;
      extra[KIRO_EXTRA_KEYS.clientSecret] = clientSecret;
    }
  }
  tokens.extra = extra;
  return { tokens, account: { label: 'AWS Builder ID (imported from Kiro)' }, source };
}

export const IMPORTERS: Readonly<Record<string, (home: string) => Promise<ImportedLogin>>> = {
  cc: importClaudeLogin,
  cx: importCodexLogin,
  kr: importKiroLogin,
};
