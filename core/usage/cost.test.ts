import { describe, expect, it } from 'vitest';
import type { Price } from '../storage/settings-schema.js';
import { priceRequest } from './cost.js';

const SONNET: Price = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };
const NO_CACHE_PRICES: Price = { input: 2, output: 8 };
const M = 1_000_000;

function usage(input: number, output: number, cacheRead = 0, cacheWrite = 0, reasoning = 0) {
  return { input, output, cacheRead, cacheWrite, reasoning };
}

describe('priceRequest', () => {
  it.each([
    ['input only', SONNET, usage(M, 0), 3],
    ['output only', SONNET, usage(0, M), 15],
    ['cache read at its own price', SONNET, usage(0, 0, M), 0.3],
    ['cache write at its own price', SONNET, usage(0, 0, 0, M), 3.75],
    ['all four buckets add up once', SONNET, usage(M, M, M, M), 3 + 15 + 0.3 + 3.75],
    ['reasoning is inside output, not added', SONNET, usage(0, M, 0, 0, 600_000), 15],
    ['cache falls back to input price', NO_CACHE_PRICES, usage(0, 0, M, M), 4],
    ['small request', SONNET, usage(1200, 350, 8000, 0, 100), (3600 + 5250 + 2400) / M],
    ['zero tokens', SONNET, usage(0, 0), 0],
    ['negative counts are ignored', SONNET, usage(-5, M), 15],
  ])('%s', (_name, price, tokens, expected) => {
    const api = priceRequest({ subscription: false, price, usage: tokens });
    expect(api.apiValueUsd).toBeCloseTo(expected, 12);
    expect(api.costUsd).toBe(api.apiValueUsd);

    const sub = priceRequest({ subscription: true, price, usage: tokens });
    expect(sub.costUsd).toBe(0);
    expect(sub.apiValueUsd).toBe(api.apiValueUsd);
  });

  it.each([true, false])('an unknown price is zero for both (subscription %s)', (subscription) => {
    expect(priceRequest({ subscription, price: undefined, usage: usage(M, M, M, M, M) })).toEqual({
      costUsd: 0,
      apiValueUsd: 0,
    });
  });
});
