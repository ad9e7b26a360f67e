/**
 * Chat usage ↔ disjoint IR buckets. Chat's `prompt_tokens` includes cached tokens and
 * `completion_tokens` includes reasoning tokens; the IR's `input` excludes cache.
 */
import { isRecord } from '../ir/json.js';
import type { Usage } from '../ir/types.js';

function count(source: unknown, key: string): number | undefined {
  if (!isRecord(source)) return undefined;
  const value = source[key];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Reads a chat `usage` object; undefined when there is none. */
export function parseUsage(value: unknown): Usage | undefined {
  if (!isRecord(value)) return undefined;
  const prompt = count(value, 'prompt_tokens') ?? 0;
  const completion = count(value, 'completion_tokens') ?? 0;
  const promptDetails = value.prompt_tokens_details;
  // DeepSeek reports prompt_cache_hit_tokens instead; both name the same tokens, never add them.
  const cacheRead =
    count(promptDetails, 'cached_tokens') ?? count(value, 'prompt_cache_hit_tokens') ?? 0;
  // OpenRouter and Anthropic-backed gateways report cache writes, also inside prompt_tokens.
  const cacheWrite = count(promptDetails, 'cache_write_tokens') ?? 0;
  const reasoning = count(value.completion_tokens_details, 'reasoning_tokens') ?? 0;
  let output = completion;
  // A few upstreams (xAI) count reasoning outside completion_tokens; total_tokens tells which.
  const total = count(value, 'total_tokens');
  if (reasoning > 0 && total !== undefined && total === prompt + completion + reasoning) {
    output = completion + reasoning;
  }
  return {
    input: Math.max(0, prompt - cacheRead - cacheWrite),
    output,
    cacheRead,
    cacheWrite,
    reasoning,
  };
}

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
}

export function renderUsage(usage: Partial<Usage>): ChatUsage {
  const prompt = (usage.input ?? 0) + (usage.cacheRead ?? 0) + (usage.cacheWrite ?? 0);
  const completion = usage.output ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: usage.cacheRead ?? 0 },
    completion_tokens_details: { reasoning_tokens: usage.reasoning ?? 0 },
  };
}
