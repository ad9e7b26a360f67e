import { describe, expect, it } from 'vitest';
import {
  parseDays,
  parseOptionalPercent,
  parseOptionalUsd,
  parsePercentList,
  parsePort,
} from './parse';

describe('settings fields', () => {
  it('takes whole ports and days in range only', () => {
    expect(parsePort(' 8080 ')).toBe(8080);
    expect([parsePort('0'), parsePort('65536'), parsePort('80.5'), parsePort('')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(parseDays('30')).toBe(30);
    expect(parseDays('3651')).toBeUndefined();
  });

  it('reads percent lists sorted and without repeats', () => {
    expect(parsePercentList('95, 80 95')).toEqual([80, 95]);
    expect(parsePercentList('')).toEqual([]);
    expect(parsePercentList('80, 101')).toBeUndefined();
    expect(parsePercentList('eighty')).toBeUndefined();
  });

  it('reads an empty optional field as a clear', () => {
    expect(parseOptionalPercent('')).toBeNull();
    expect(parseOptionalPercent('90')).toBe(90);
    expect(parseOptionalPercent('0')).toBeUndefined();
    expect(parseOptionalUsd(' ')).toBeNull();
    expect(parseOptionalUsd('2.50')).toBe(2.5);
    expect(parseOptionalUsd('-1')).toBeUndefined();
    expect(parseOptionalUsd('0')).toBeUndefined();
  });
});
