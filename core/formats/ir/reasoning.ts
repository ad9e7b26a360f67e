/**
 * One table converts between effort levels (OpenAI) and token budgets
 * (Anthropic, Gemini), so every translator maps reasoning the same way.
 */
import type { ReasoningEffort } from './types.js';

const BUDGET_BY_EFFORT: Record<Exclude<ReasoningEffort, 'none'>, number> = {
  minimal: 1024,
  low: 4096,
  medium: 10_000,
  high: 24_576,
  xhigh: 32_768,
};

export function effortToBudget(effort: ReasoningEffort): number {
  return effort === 'none' ? 0 : BUDGET_BY_EFFORT[effort];
}

export function budgetToEffort(budget: number): ReasoningEffort {
  if (budget <= 0) return 'none';
  if (budget <= BUDGET_BY_EFFORT.minimal) return 'minimal';
  if (budget <= BUDGET_BY_EFFORT.low) return 'low';
  if (budget <= BUDGET_BY_EFFORT.medium) return 'medium';
  if (budget <= BUDGET_BY_EFFORT.high) return 'high';
  return 'xhigh';
}
