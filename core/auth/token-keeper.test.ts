import { describe, expect, it } from 'vitest';
import type { SecretStore } from '../storage/secret-store.js';
import { TokenKeeper, tokenSecretName, type Timers } from './token-keeper.js';
import { RefreshError, type OAuthTokens, type TokenRefresher } from './types.js';

class MemorySecrets implements SecretStore {
  readonly kind = 'memory';
  readonly values = new Map<string, string>();
  readonly writes: string[] = [];
  async get(name: string) {
    return this.values.get(name);
  }
  async set(name: string, value: string) {
    this.writes.push(value);
    this.values.set(name, value);
  }
  async delete(name: string) {
    this.values.delete(name);
  }
}

/** Timers the test fires by hand. */
class ManualTimers implements Timers {
  readonly pending = new Map<number, { at: number; run: () => void }>();
  private next = 1;
  constructor(private readonly clock: { now: number }) {}
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.clock.now + ms, run: callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** Moves time forward and runs what fell due. */
  advance(ms: number): void {
    this.clock.now += ms;
    for (const [id, timer] of [...this.pending]) {
      if (timer.at <= this.clock.now) {
        this.pending.delete(id);
        timer.run();
      }
    }
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(refresh: TokenRefresher, leadMs = 60_000) {
  const clock = { now: 1_000_000 };
  const secrets = new MemorySecrets();
  const timers = new ManualTimers(clock);
  const needsLogin: string[] = [];
  const keeper = new TokenKeeper({
    secrets,
    policyFor: (id) => (id === 'cc-1' ? { refresh, leadMs } : undefined),
    onNeedsLogin: (id, message) => needsLogin.push(`${id}: ${message}`),
    now: () => clock.now,
    timers,
    retryDelayMs: (attempt) => attempt * 1000,
  });
  return { clock, secrets, timers, keeper, needsLogin };
}

const first: OAuthTokens = {
  accessToken: 'a1',
  refreshToken: 'r1',
  expiresAt: 1_000_000 + 3_600_000,
};

describe('TokenKeeper', () => {
  it('refreshes ahead of expiry and saves the rotated refresh token before using it', async () => {
    let calls = 0;
    const { keeper, timers, secrets } = setup(async (tokens) => {
      calls += 1;
      expect(tokens.refreshToken).toBe(`r${calls}`);
      return {
        accessToken: `a${calls + 1}`,
        refreshToken: `r${calls + 1}`,
        expiresAt: 1_000_000 + 7_200_000,
      };
    });
    await keeper.save('cc-1', first);
    timers.advance(3_600_000 - 60_000 - 1);
    await settle();
    expect(calls).toBe(0);
    timers.advance(1);
    await settle();
    expect(calls).toBe(1);
    const stored = JSON.parse(secrets.values.get(tokenSecretName('cc-1')) ?? '{}') as OAuthTokens;
    expect(stored).toMatchObject({ accessToken: 'a2', refreshToken: 'r2' });
    expect(await keeper.accessToken('cc-1')).toBe('a2');
  });

  it('runs one refresh however many callers ask at once (a burst of 401s)', async () => {
    let calls = 0;
    let release: () => void = () => undefined;
    const { keeper } = setup(async () => {
      calls += 1;
      await new Promise<void>((resolve) => (release = resolve));
      return { accessToken: 'fresh', refreshToken: 'r2', expiresAt: 9e12 };
    });
    await keeper.save('cc-1', first);
    const burst = Array.from({ length: 10 }, () => keeper.refresh('cc-1'));
    await settle();
    release();
    const results = await Promise.all(burst);
    expect(calls).toBe(1);
    expect(new Set(results.map((tokens) => tokens.accessToken))).toEqual(new Set(['fresh']));
  });

  it('refreshes on demand when the stored token has expired', async () => {
    const { keeper, clock } = setup(async () => ({ accessToken: 'a2', expiresAt: 9e12 }));
    await keeper.save('cc-1', first);
    clock.now += 4_000_000;
    expect(await keeper.accessToken('cc-1')).toBe('a2');
    // A refresher that does not rotate keeps the old refresh token.
    expect((await keeper.tokens('cc-1'))?.refreshToken).toBe('r1');
  });

  it('retries network failures with backoff, then succeeds', async () => {
    let calls = 0;
    const { keeper, timers } = setup(async () => {
      calls += 1;
      if (calls < 3) throw new RefreshError({ kind: 'network', message: 'ECONNRESET' });
      return { accessToken: 'ok', expiresAt: 9e12 };
    });
    await keeper.save('cc-1', { ...first, expiresAt: 1_000_000 });
    timers.advance(0);
    await settle();
    expect(calls).toBe(1);
    timers.advance(1000);
    await settle();
    expect(calls).toBe(2);
    timers.advance(2000);
    await settle();
    expect(calls).toBe(3);
    expect(await keeper.accessToken('cc-1')).toBe('ok');
  });

  it('raises needs-login when the upstream refuses, and does not retry', async () => {
    let calls = 0;
    const { keeper, timers, needsLogin } = setup(async () => {
      calls += 1;
      throw new RefreshError({ kind: 'refused', message: 'invalid_grant' });
    });
    await keeper.save('cc-1', first);
    await expect(keeper.refresh('cc-1')).rejects.toBeInstanceOf(RefreshError);
    expect(needsLogin).toEqual(['cc-1: invalid_grant']);
    timers.advance(10 * 3_600_000);
    await settle();
    expect(calls).toBe(1);
  });

  it('stops every timer on stop()', async () => {
    let calls = 0;
    const { keeper, timers } = setup(async () => {
      calls += 1;
      return { accessToken: 'x', expiresAt: 9e12 };
    });
    await keeper.save('cc-1', first);
    keeper.stop();
    timers.advance(10 * 3_600_000);
    await settle();
    expect(calls).toBe(0);
  });
});

describe('TokenKeeper timers', () => {
  it('waits out a far expiry in steps instead of firing at once (timers cap at ~24.8 days)', async () => {
    let calls = 0;
    const { keeper, timers } = setup(async () => {
      calls += 1;
      return { accessToken: 'x', expiresAt: 9e12 };
    });
    await keeper.save('cc-1', { ...first, expiresAt: 1_000_000 + 100 * 86_400_000 });
    timers.advance(1);
    await settle();
    expect(calls).toBe(0);
    for (let step = 0; step < 5; step += 1) {
      timers.advance(2_147_483_647);
      await settle();
    }
    expect(calls).toBe(1);
  });
});

describe('TokenKeeper after a rejection', () => {
  it('does not refresh again for a 401 that used a token already replaced', async () => {
    let calls = 0;
    const { keeper } = setup(async () => {
      calls += 1;
      return { accessToken: `fresh-${calls}`, expiresAt: 9e12 };
    });
    await keeper.save('cc-1', first);
    await keeper.refreshAfterRejection('cc-1', 'a1');
    expect(calls).toBe(1);
    // A late 401 from a request that still carried the old token.
    await keeper.refreshAfterRejection('cc-1', 'a1');
    expect(calls).toBe(1);
    await keeper.refreshAfterRejection('cc-1', 'fresh-1');
    expect(calls).toBe(2);
  });
});
