// A virtual clock for polling tests: sleeping advances time instead of waiting.
import { setImmediate as yieldToLoop } from 'node:timers/promises';

export interface FakeClock {
  now(): number;
  /** Advances the clock by `ms` and resolves on the next turn of the event loop. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Every duration asked of `sleep`, in order. */
  readonly sleeps: number[];
}

export function createFakeClock(start = 1_800_000_000_000): FakeClock {
  let current = start;
  const sleeps: number[] = [];
  return {
    now: () => current,
    sleeps,
    async sleep(ms, signal) {
      sleeps.push(ms);
      if (signal.aborted) return;
      current += ms;
      await yieldToLoop();
    },
  };
}
