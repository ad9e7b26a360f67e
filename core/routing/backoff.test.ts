import { describe, expect, it } from 'vitest';
import { BACKOFF_CAP_MS, jitteredBackoff } from './backoff.js';

describe('jitteredBackoff', () => {
  it('draws below a ceiling that doubles from 50 ms', () => {
    const top = () => 0.999999;
    expect([0, 1, 2, 3, 4].map((attempt) => jitteredBackoff(attempt, top))).toEqual([
      49, 99, 199, 399, 799,
    ]);
  });

  it('caps at one second however many attempts were made', () => {
    expect(jitteredBackoff(5, () => 0.999999)).toBe(BACKOFF_CAP_MS - 1);
    expect(jitteredBackoff(10_000, () => 0.5)).toBe(500);
  });

  it('scales with the random draw (full jitter) and can be zero', () => {
    expect(jitteredBackoff(2, () => 0)).toBe(0);
    expect(jitteredBackoff(2, () => 0.5)).toBe(100);
  });

  it('tolerates bad inputs', () => {
    expect(jitteredBackoff(-3, () => 0.5)).toBe(25);
    expect(jitteredBackoff(Number.NaN, () => 0.5)).toBe(25);
    expect(jitteredBackoff(1, () => 1)).toBe(99);
    expect(jitteredBackoff(1, () => -1)).toBe(0);
  });
});
