/** The countdown and number formats the cards and tables show. */
import { describe, expect, it } from 'vitest';
import { clampPercent, formatCountdown, formatTokens, formatUsd } from './format';

describe('formatCountdown', () => {
  const now = 1_000_000;
  it.each([
    [now - 5_000, 'now'],
    [now, 'now'],
    [now + 400, '1s'],
    [now + 45_000, '45s'],
    [now + 12 * 60_000 + 5_000, '12m 05s'],
    [now + 3 * 3_600_000 + 20 * 60_000, '3h 20m'],
    [now + 2 * 86_400_000 + 4 * 3_600_000, '2d 4h'],
  ])('until %d reads %s', (until, text) => {
    expect(formatCountdown(until, now)).toBe(text);
  });
});

describe('numbers', () => {
  it('clamps and rounds percentages', () => {
    expect([clampPercent(-3), clampPercent(42.4), clampPercent(130), clampPercent(NaN)]).toEqual([
      0, 42, 100, 0,
    ]);
  });

  it('shortens token counts and prices small amounts in fractions of a cent', () => {
    expect([formatTokens(950), formatTokens(12_300), formatTokens(4_200_000)]).toEqual([
      '950',
      '12.3k',
      '4.2M',
    ]);
    expect([formatUsd(0), formatUsd(0.0042), formatUsd(3.5)]).toEqual([
      '$0.00',
      '$0.0042',
      '$3.50',
    ]);
  });
});
