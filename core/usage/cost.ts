/**
 * What a request cost the user, and what the same tokens are worth at API
 * list price. A subscription's marginal cost is $0; an API key pays list price.
 */
import type { Usage } from '../formats/ir/types.js';
import { costUsd } from '../providers/pricing.js';
import type { Price } from '../storage/settings-schema.js';

export interface PriceRequestInput {
  /** True when the account is a flat-rate subscription rather than a metered API key. */
  subscription: boolean;
  /** Undefined when no price is known for the model: both numbers are then 0. */
  price: Price | undefined;
  usage: Pick<Usage, 'input' | 'output' | 'cacheRead' | 'cacheWrite' | 'reasoning'>;
}

export interface RequestPrice {
  costUsd: number;
  apiValueUsd: number;
}

export function priceRequest({ subscription, price, usage }: PriceRequestInput): RequestPrice {
  if (price === undefined) return { costUsd: 0, apiValueUsd: 0 };
  // `input` already excludes cache tokens and `reasoning` is inside `output`,
  // so the four buckets are disjoint and reasoning is never added on top.
  const apiValueUsd = costUsd(price, {
    input: count(usage.input),
    output: count(usage.output),
    cacheRead: count(usage.cacheRead),
    cacheWrite: count(usage.cacheWrite),
    reasoning: 0,
  });
  return { costUsd: subscription ? 0 : apiValueUsd, apiValueUsd };
}

/** Token counts from upstreams are trusted only when they are non-negative numbers. */
function count(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}
