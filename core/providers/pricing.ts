/**
 * List prices in USD per million tokens, as data: budgets turn usage into
 * spend with them. Prices change; the user's `switchyard price set` entries
 * (settings `pricing`, keyed `prefix/model`) always win over this table.
 * Checked against the vendors' public price pages in late 2025.
 */
import type { Usage } from '../formats/ir/types.js';
import type { Price } from '../storage/settings-schema.js';
import type { ResolvedProvider } from './catalog.js';

/** Keyed by registry id, then by the upstream model id. */
const LIST_PRICES: Readonly<Record<string, Readonly<Record<string, Price>>>> = {
  anthropic: {
    'claude-opus-4-5': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
    'claude-sonnet-4-5': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    'claude-haiku-4-5': { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
  },
  openai: {
    'gpt-5': { input: 1.25, output: 10, cacheRead: 0.125 },
    'gpt-5.1': { input: 1.25, output: 10, cacheRead: 0.125 },
    'gpt-5-mini': { input: 0.25, output: 2, cacheRead: 0.025 },
  },
  gemini: {
    'gemini-2.5-pro': { input: 1.25, output: 10, cacheRead: 0.125 },
    'gemini-2.5-flash': { input: 0.3, output: 2.5, cacheRead: 0.03 },
  },
  deepseek: {
    'deepseek-chat': { input: 0.28, output: 0.42, cacheRead: 0.028 },
    'deepseek-reasoner': { input: 0.28, output: 0.42, cacheRead: 0.028 },
  },
};

export function priceFor(
  provider: Pick<ResolvedProvider, 'prefix' | 'kind'> & Partial<Pick<ResolvedProvider, 'auth'>>,
  model: string,
  overrides: Readonly<Record<string, Price>>,
): Price | undefined {
  const own = overrides[`${provider.prefix}/${model}`] ?? LIST_PRICES[provider.kind]?.[model];
  if (own !== undefined || provider.auth !== 'oauth') return own;
  // A subscription has no price list of its own: its API-equivalent value is the
  // same model at its vendor's API price (Claude Pro's claude-sonnet-4-5 → Anthropic's).
  return vendorPrice(model);
}

function vendorPrice(model: string): Price | undefined {
  for (const table of Object.values(LIST_PRICES)) {
    const price = table[model];
    if (price !== undefined) return price;
  }
  return undefined;
}

/** What a request cost; reasoning is part of output and priced as output. */
export function costUsd(price: Price, usage: Usage): number {
  const perToken =
    usage.input * price.input +
    usage.output * price.output +
    usage.cacheRead * (price.cacheRead ?? price.input) +
    usage.cacheWrite * (price.cacheWrite ?? price.input);
  return perToken / 1_000_000;
}
