/**
 * A subscription account whose access token the upstream refuses: one
 * single-flight refresh, a retry on the same account, and "needs login"
 * when the refresh itself is refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { registerRefreshPolicy } from '../../auth/oauth-kinds.js';
import { RefreshError, type OAuthTokens } from '../../auth/types.js';
import { startFleet, type Fleet } from '../fleet.js';
import { UPSTREAM_KEY } from '../harness.js';

let fleet: Fleet | undefined;
afterEach(async () => {
  await fleet?.close();
  fleet = undefined;
});

const stale: OAuthTokens = {
  accessToken: 'stale-token',
  refreshToken: 'r1',
  expiresAt: Date.UTC(2030, 0, 1),
};

async function ask(target: Fleet): Promise<{ status: number; route: string | null }> {
  const response = await fetch(`${target.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${target.routerKey}` },
    body: JSON.stringify({ model: 'sub/gpt-test', messages: [{ role: 'user', content: 'hi' }] }),
  });
  await response.text();
  return { status: response.status, route: response.headers.get('x-switchyard-route') };
}

describe('subscription token refresh', () => {
  it('refreshes once for a burst of 401s and retries each request on the same account', async () => {
    let refreshes = 0;
    // The fake accepts only the upstream key, so the refreshed token is that key.
    registerRefreshPolicy('openai', {
      leadMs: 60_000,
      refresh: async () => {
        refreshes += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { accessToken: UPSTREAM_KEY, refreshToken: 'r2', expiresAt: Date.UTC(2030, 0, 1) };
      },
    });
    fleet = await startFleet([{ id: 'sub-a', prefix: 'sub', format: 'openai-chat', oauth: stale }]);
    const current = fleet;
    const replies = await Promise.all(Array.from({ length: 5 }, () => ask(current)));
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200, 200, 200]);
    expect(replies[0]?.route).toContain('account=sub-a');
    expect(replies[0]?.route).toContain('attempts=2');
    expect(refreshes).toBe(1);
  });

  it('marks the account as needing login when the refresh is refused', async () => {
    registerRefreshPolicy('openai', {
      leadMs: 60_000,
      refresh: async () => {
        throw new RefreshError({ kind: 'refused', message: 'invalid_grant' });
      },
    });
    fleet = await startFleet([{ id: 'sub-a', prefix: 'sub', format: 'openai-chat', oauth: stale }]);
    const raised: string[] = [];
    fleet.server.events.on('needs-login', ({ accountId }) => raised.push(accountId));
    expect((await ask(fleet)).status).toBe(401);
    expect(raised).toEqual(['sub-a']);
    const state = fleet.server.routing.snapshot().extra as { needsLogin?: Record<string, unknown> };
    expect(Object.keys(state.needsLogin ?? {})).toEqual(['sub-a']);
  });
});
