/**
 * Subscription providers that sign in with OAuth, by provider kind: how the
 * login runs and how each account's token is refreshed (and how early).
 */
import * as antigravity from './providers/antigravity.js';
import * as claude from './providers/claude.js';
import * as codex from './providers/codex.js';
import * as copilot from './providers/copilot.js';
import * as kimi from './providers/kimi.js';
import * as kiro from './providers/kiro.js';
import type { RefreshPolicy } from './token-keeper.js';
import type { LoginFlow } from './types.js';

export interface LoginOptions {
  /** Where the user must go; the CLI prints it, the app opens a browser. */
  openUrl?: (url: string) => void;
}

export interface OAuthKind {
  /** `browser`: a loopback redirect; `device`: a code the user types in. */
  method: 'browser' | 'device';
  login(options: LoginOptions): LoginFlow;
  refresh: RefreshPolicy;
}

const FIVE_MINUTES = 5 * 60_000;

const KINDS: Readonly<Record<string, OAuthKind>> = {
  cc: {
    method: 'browser',
    login: (options) => claude.login(options),
    refresh: { refresh: claude.refresh, leadMs: FIVE_MINUTES },
  },
  cx: {
    method: 'browser',
    login: (options) => codex.login(options),
    refresh: { refresh: codex.refresh, leadMs: FIVE_MINUTES },
  },
  gh: {
    method: 'device',
    login: () => copilot.login(),
    // Copilot tokens live about half an hour; renew when under five minutes remain.
    refresh: { refresh: copilot.refresh, leadMs: copilot.COPILOT_RENEW_MARGIN_MS },
  },
  kmc: {
    method: 'device',
    login: () => kimi.login(),
    refresh: { refresh: kimi.refresh, leadMs: FIVE_MINUTES },
  },
  kr: {
    method: 'device',
    login: () => kiro.login(),
    refresh: { refresh: kiro.refresh, leadMs: FIVE_MINUTES },
  },
  ag: {
    method: 'browser',
    login: (options) => antigravity.login(options),
    refresh: { refresh: antigravity.refresh, leadMs: FIVE_MINUTES },
  },
};

/** Test seam: a refresh policy that replaces the built-in one for a kind. */
const overrides = new Map<string, RefreshPolicy>();

export function registerRefreshPolicy(kind: string, policy: RefreshPolicy): void {
  overrides.set(kind, policy);
}

export function refreshPolicyFor(kind: string): RefreshPolicy | undefined {
  return overrides.get(kind) ?? KINDS[kind]?.refresh;
}

export function oauthKind(kind: string): OAuthKind | undefined {
  return KINDS[kind];
}

export function oauthKinds(): string[] {
  return Object.keys(KINDS);
}
