/**
 * Subscription providers that sign in with OAuth, by provider kind: how each
 * refreshes and how long before expiry it should. Login flows register here
 * as they land; a kind missing from this table cannot refresh.
 */
import type { RefreshPolicy } from './token-keeper.js';

const POLICIES = new Map<string, RefreshPolicy>();

export function registerRefreshPolicy(kind: string, policy: RefreshPolicy): void {
  POLICIES.set(kind, policy);
}

export function refreshPolicyFor(kind: string): RefreshPolicy | undefined {
  return POLICIES.get(kind);
}
