/** Responses usage (input includes cache, output includes reasoning) ↔ disjoint IR buckets. */
import { isRecord } from '../ir/json.js';
import type { Usage } from '../ir/types.js';

function count(source: Record<string, unknown> | undefined, key: string): number | undefined {
  const value = source?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Reads a Responses `usage` object; undefined when there is none to read. */
export function parseUsage(value: unknown): Usage | undefined {
  if (!isRecord(value)) return undefined;
  const inputDetails = isRecord(value.input_tokens_details)
    ? value.input_tokens_details
    : undefined;
  const outputDetails = isRecord(value.output_tokens_details)
    ? value.output_tokens_details
    : undefined;
  const cacheRead = count(inputDetails, 'cached_tokens') ?? 0;
  const cacheWrite = count(inputDetails, 'cache_write_tokens') ?? 0;
  const input = count(value, 'input_tokens') ?? 0;
  return {
    input: Math.max(0, input - cacheRead - cacheWrite),
    output: count(value, 'output_tokens') ?? 0,
    cacheRead,
    cacheWrite,
    reasoning: count(outputDetails, 'reasoning_tokens') ?? 0,
  };
}

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens?: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export function renderUsage(usage: Partial<Usage>): ResponsesUsage {
  const cacheRead = usage.cacheRead ?? 0;
  const cacheWrite = usage.cacheWrite ?? 0;
  const input = (usage.input ?? 0) + cacheRead + cacheWrite;
  const output = usage.output ?? 0;
  return {
    input_tokens: input,
    // cache_write_tokens is newer than most clients; only sent when there is something to say.
    input_tokens_details:
      cacheWrite > 0
        ? { cached_tokens: cacheRead, cache_write_tokens: cacheWrite }
        : { cached_tokens: cacheRead },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage.reasoning ?? 0 },
    total_tokens: input + output,
  };
}
