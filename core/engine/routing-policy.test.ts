import { describe, expect, it } from 'vitest';
import { isResolveError, resolveProvider, type ResolvedProvider } from '../providers/catalog.js';
import { defaultSettings, type ProviderConfig, type Settings } from '../storage/settings-schema.js';
import { RoutingPolicy, type QuotaSignals } from './routing-policy.js';

const NOW = Date.UTC(2026, 11, 1, 12);

function account(id: string, extra: Partial<ProviderConfig> = {}): ResolvedProvider {
  const resolved = resolveProvider({
    id,
    kind: 'cc',
    prefix: 'cc',
    enabled: true,
    hasApiKey: false,
    auth: 'oauth',
    createdAt: new Date(NOW).toISOString(),
    ...extra,
  });
  if (isResolveError(resolved)) throw new Error('fixture');
  return resolved;
}

function policyWith(
  providers: ResolvedProvider[],
  used: Record<string, number>,
  change: (settings: Settings) => void = () => undefined,
  polled: readonly string[] = [],
): RoutingPolicy {
  const settings = defaultSettings();
  change(settings);
  const quota: QuotaSignals = {
    mostUsed: (id) =>
      used[id] === undefined
        ? undefined
        : { usedPercent: used[id], label: '5-hour', resetsAt: NOW + 3_600_000 },
    isPolled: (id) => polled.includes(id),
  };
  return new RoutingPolicy({
    providers: () => providers,
    settings: () => settings,
    now: () => NOW,
    quota,
  });
}

const ids = (targets: { provider: { id: string } }[]): string[] =>
  targets.map((t) => t.provider.id);

describe('routing reads the quota ledger', () => {
  it('most-quota-left puts the account with the most left first', () => {
    const providers = [account('a'), account('b'), account('c')];
    const policy = policyWith(providers, { a: 70, b: 10 }, (s) => {
      s.routing.accountStrategy = 'most-quota-left';
    });
    // c is unknown to the ledger and counts as fresh.
    expect(ids(policy.candidates('cc/claude-sonnet-4-5', () => undefined))).toEqual([
      'c',
      'b',
      'a',
    ]);
  });

  it('skips an account past its stop-at share until its window resets', () => {
    const providers = [account('a', { stopAtPercent: 90 }), account('b')];
    const policy = policyWith(providers, { a: 92, b: 99 });
    const [first, second] = policy.candidates('cc/claude-sonnet-4-5', () => undefined);
    expect(policy.unavailable(first!)).toEqual({
      reason: '5-hour quota at 92% (stops at 90%)',
      until: NOW + 3_600_000,
    });
    // b has no threshold of its own and none is set globally: it is used to the end.
    expect(policy.unavailable(second!)).toBeUndefined();
  });

  it('a global stop-at share applies to every account without its own', () => {
    const providers = [account('a'), account('b', { stopAtPercent: 100 })];
    const policy = policyWith(providers, { a: 96, b: 96 }, (s) => {
      s.quota.stopAtPercent = 95;
    });
    const [first, second] = policy.candidates('cc/claude-sonnet-4-5', () => undefined);
    expect(policy.unavailable(first!)?.reason).toContain('stops at 95%');
    expect(policy.unavailable(second!)).toBeUndefined();
  });

  it('a polled account waits for its poll instead of probing with a real request', () => {
    const providers = [account('a'), account('b')];
    let now = NOW;
    const clock = (): number => now;
    const make = (polled: string[]): RoutingPolicy =>
      new RoutingPolicy({
        providers: () => providers,
        settings: () => defaultSettings(),
        now: clock,
        quota: { mostUsed: () => undefined, isPolled: (id) => polled.includes(id) },
      });
    const polled = make(['a']);
    const probed = make([]);
    for (const policy of [polled, probed]) {
      // A long cooldown, as a 5-hour window's 429 gives.
      policy.cooldowns.coolDown({ accountId: 'a' }, NOW + 3 * 3_600_000, 'usage limit');
    }
    now += 2 * 60_000;
    const target = probed.candidates('cc/claude-sonnet-4-5', () => undefined)[0]!;
    expect(target.provider.id).toBe('a');
    // Without a usage endpoint, a real request probes the account now and then.
    expect(probed.unavailable(target)).toBeUndefined();
    expect(polled.unavailable(target)?.reason).toContain('cooling down');
    // The poll showed the window reset: the cooldown ends early.
    polled.quotaReset('a');
    expect(polled.unavailable(target)).toBeUndefined();
  });

  it('names the combo a request went through', () => {
    const policy = policyWith([account('a')], {}, (s) => {
      s.combos = [{ name: 'daily', strategy: 'fallback', entries: [{ model: 'cc/x', weight: 1 }] }];
      s.routing.activeCombo = 'daily';
    });
    expect(policy.comboOf('auto')).toBe('daily');
    expect(policy.comboOf('daily')).toBe('daily');
    expect(policy.comboOf('cc/claude-sonnet-4-5')).toBeUndefined();
  });
});
