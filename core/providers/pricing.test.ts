import { describe, expect, it } from 'vitest';
import { costUsd, priceFor } from './pricing.js';

describe('pricing', () => {
  it('prices each usage bucket once, cache buckets falling back to the input price', () => {
    const usage = {
      input: 1_000_000,
      output: 500_000,
      cacheRead: 2_000_000,
      cacheWrite: 100_000,
      reasoning: 200_000,
    };
    expect(costUsd({ input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 }, usage)).toBeCloseTo(
      3 + 7.5 + 0.6 + 0.375,
    );
    expect(costUsd({ input: 1, output: 2 }, usage)).toBeCloseTo(1 + 1 + 2 + 0.1);
  });

  it('lets the user override the built-in list price', () => {
    const provider = { prefix: 'cl', kind: 'anthropic' };
    expect(priceFor(provider, 'claude-sonnet-4-5', {})?.input).toBe(3);
    expect(
      priceFor(provider, 'claude-sonnet-4-5', { 'cl/claude-sonnet-4-5': { input: 9, output: 9 } })
        ?.input,
    ).toBe(9);
    expect(priceFor(provider, 'unknown-model', {})).toBeUndefined();
  });
});
