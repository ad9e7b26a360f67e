import { describe, expect, it } from 'vitest';
import type { RequestDraft } from '../engine/proxy-types.js';
import { isResolveError, resolveProvider, type ResolvedProvider } from '../providers/catalog.js';
import { pricedRecord } from './recorder.js';

function provider(id: string, kind: string, auth: 'oauth' | 'api-key'): ResolvedProvider {
  const resolved = resolveProvider({
    id,
    kind,
    prefix: id,
    enabled: true,
    hasApiKey: auth === 'api-key',
    auth,
    createdAt: '2026-12-01T00:00:00.000Z',
  });
  if (isResolveError(resolved)) throw new Error('fixture');
  return resolved;
}

const draft = (accountId: string, model: string): RequestDraft => ({
  requestId: 'req_1',
  at: 0,
  inbound: 'anthropic',
  requested: model,
  prefix: accountId,
  accountId,
  model,
  status: 200,
  outcome: 'completed',
  latencyMs: 10,
  // 1M fresh input, 1M output (of which 0.4M reasoning), 1M cache reads and writes.
  input: 1_000_000,
  output: 1_000_000,
  cacheRead: 1_000_000,
  cacheWrite: 1_000_000,
  reasoning: 400_000,
  estimated: false,
});

describe('pricedRecord', () => {
  const providers = [provider('cc', 'cc', 'oauth'), provider('anthropic', 'anthropic', 'api-key')];

  it('an API key pays list price; reasoning is inside output and priced once', () => {
    const record = pricedRecord(draft('anthropic', 'claude-sonnet-4-5'), providers, {});
    // 3 input + 15 output + 0.30 cache read + 3.75 cache write, per million.
    expect(record.costUsd).toBeCloseTo(22.05, 6);
    expect(record.apiValueUsd).toBeCloseTo(22.05, 6);
  });

  it('a subscription costs nothing at the margin but shows its API value', () => {
    const record = pricedRecord(draft('cc', 'claude-sonnet-4-5'), providers, {
      'cc/claude-sonnet-4-5': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    });
    expect(record.costUsd).toBe(0);
    expect(record.apiValueUsd).toBeCloseTo(22.05, 6);
  });

  it('the user’s price wins, and an unknown model or account costs 0', () => {
    const overridden = pricedRecord(draft('anthropic', 'claude-sonnet-4-5'), providers, {
      'anthropic/claude-sonnet-4-5': { input: 1, output: 1 },
    });
    // Cache prices default to the input price.
    expect(overridden.costUsd).toBeCloseTo(4, 6);
    expect(pricedRecord(draft('anthropic', 'mystery'), providers, {}).costUsd).toBe(0);
    expect(pricedRecord(draft('', ''), providers, {}).apiValueUsd).toBe(0);
  });
});

describe('API-equivalent value of a subscription', () => {
  it('uses the same model at its vendor’s list price when no override is set', () => {
    const record = pricedRecord(
      draft('cc', 'claude-sonnet-4-5'),
      [provider('cc', 'cc', 'oauth')],
      {},
    );
    expect(record.costUsd).toBe(0);
    expect(record.apiValueUsd).toBeCloseTo(22.05, 6);
  });
});
