/**
 * The pause before moving to the next candidate after a transient error:
 * "full jitter" (a uniform draw below an exponential ceiling), so clients
 * that failed together do not retry together. Kept small because the next
 * candidate is usually another account or provider, not the one that failed.
 */

export const BACKOFF_BASE_MS = 50;
export const BACKOFF_CAP_MS = 1000;

/** Milliseconds to wait before attempt `attempt` (0 for the first retry); `random` returns [0, 1). */
export function jitteredBackoff(attempt: number, random: () => number): number {
  const exponent = Number.isFinite(attempt) ? Math.max(0, Math.floor(attempt)) : 0;
  // 2 ** 5 * 50 already exceeds the cap; clamping the exponent avoids overflow on huge attempts.
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(exponent, 10));
  const draw = Math.min(Math.max(random(), 0), 1);
  return Math.min(Math.floor(draw * ceiling), ceiling - 1);
}
