import { describe, expect, it } from 'vitest';
import { formatCountdown, parseSince } from './durations.js';

const NOW = Date.UTC(2026, 11, 1, 12);

describe('parseSince', () => {
  it.each([
    ['7d', NOW - 7 * 86_400_000],
    ['12h', NOW - 12 * 3_600_000],
    ['30m', NOW - 30 * 60_000],
    ['2w', NOW - 14 * 86_400_000],
    ['2026-11-01', Date.UTC(2026, 10, 1)],
  ])('%s', (text, expected) => {
    expect(parseSince(text, NOW)).toBe(expected);
  });

  it.each(['7', 'd', 'yesterday', '7y', ''])('refuses %j', (text) => {
    expect(parseSince(text, NOW)).toBeUndefined();
  });
});

describe('formatCountdown', () => {
  it.each([
    [-5, 'now'],
    [0, 'now'],
    [4_200, '5s'],
    [14 * 60_000 + 10_000, '14m'],
    [2 * 3_600_000 + 14 * 60_000, '2h 14m'],
    [3 * 86_400_000 + 4 * 3_600_000 + 59_000, '3d 4h'],
  ])('%d ms → %s', (ms, expected) => {
    expect(formatCountdown(ms)).toBe(expected);
  });
});
