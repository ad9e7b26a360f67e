import { describe, expect, it } from 'vitest';
import { CooldownBook } from './cooldowns.js';

const MINUTE = 60_000;

function clock(start = Date.parse('2026-11-24T10:00:00Z')) {
  let time = start;
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

describe('CooldownBook', () => {
  it('cools one model of an account without touching its other models', () => {
    const time = clock();
    const book = new CooldownBook({ now: time.now });
    book.coolDown({ accountId: 'openai-1', model: 'gpt-4.1' }, time.now() + MINUTE, 'TPM');
    expect(book.isCooling('openai-1', 'gpt-4.1')).toEqual({
      until: time.now() + MINUTE,
      reason: 'TPM',
    });
    expect(book.isCooling('openai-1', 'gpt-4.1-mini')).toBeUndefined();
    expect(book.isCooling('openai-1')).toBeUndefined();
    expect(book.isCooling('openai-2', 'gpt-4.1')).toBeUndefined();
  });

  it('lets an account-wide cooldown cover every model', () => {
    const time = clock();
    const book = new CooldownBook({ now: time.now });
    book.coolDown({ accountId: 'cx-1' }, time.now() + 5 * MINUTE, 'usage_limit_reached');
    expect(book.isCooling('cx-1', 'gpt-5.2-codex')?.reason).toBe('usage_limit_reached');
    expect(book.isCooling('cx-1', 'gpt-5.2')?.reason).toBe('usage_limit_reached');
    expect(book.isCooling('cx-1')?.reason).toBe('usage_limit_reached');
  });

  it('reports the later of an account-wide and a per-model cooldown', () => {
    const time = clock();
    const book = new CooldownBook({ now: time.now });
    book.coolDown({ accountId: 'a' }, time.now() + MINUTE, 'account');
    book.coolDown({ accountId: 'a', model: 'm' }, time.now() + 3 * MINUTE, 'model');
    expect(book.isCooling('a', 'm')?.reason).toBe('model');
    time.advance(2 * MINUTE);
    expect(book.isCooling('a', 'other')).toBeUndefined();
    expect(book.isCooling('a', 'm')?.reason).toBe('model');
  });

  it('expires lazily as the clock passes the reset', () => {
    const time = clock();
    const book = new CooldownBook({ now: time.now });
    book.coolDown({ accountId: 'a', model: 'm' }, time.now() + 1000, 'short');
    time.advance(999);
    expect(book.isCooling('a', 'm')).toBeDefined();
    time.advance(1);
    expect(book.isCooling('a', 'm')).toBeUndefined();
    expect(book.entries()).toEqual([]);
  });

  it('ignores a cooldown that has already ended and believes the latest statement', () => {
    const time = clock();
    const book = new CooldownBook({ now: time.now });
    book.coolDown({ accountId: 'a' }, time.now() - 1, 'stale');
    expect(book.entries()).toEqual([]);
    book.coolDown({ accountId: 'a' }, time.now() + 10 * MINUTE, 'guess');
    book.coolDown({ accountId: 'a' }, time.now() + MINUTE, 'precise');
    expect(book.isCooling('a')).toEqual({ until: time.now() + MINUTE, reason: 'precise' });
  });

  it('clears one model, or everything of an account, by hand', () => {
    const time = clock();
    const book = new CooldownBook({ now: time.now });
    book.coolDown({ accountId: 'a' }, time.now() + MINUTE, 'account');
    book.coolDown({ accountId: 'a', model: 'm' }, time.now() + MINUTE, 'model');
    book.coolDown({ accountId: 'b', model: 'm' }, time.now() + MINUTE, 'other');
    expect(book.clear('a', 'm')).toBe(true);
    expect(book.isCooling('a', 'm')?.reason).toBe('account');
    expect(book.clear('a', 'm')).toBe(false);
    book.coolDown({ accountId: 'a', model: 'n' }, time.now() + MINUTE, 'model');
    expect(book.clear('a')).toBe(true);
    expect(book.isCooling('a', 'n')).toBeUndefined();
    expect(book.isCooling('b', 'm')?.reason).toBe('other');
    expect(book.clear('a')).toBe(false);
  });

  it('finds the earliest recovery among candidates', () => {
    const time = clock();
    const book = new CooldownBook({ now: time.now });
    const start = time.now();
    book.coolDown({ accountId: 'a' }, start + 3 * MINUTE, 'x');
    book.coolDown({ accountId: 'b', model: 'm' }, start + 2 * MINUTE, 'y');
    expect(
      book.earliestRecovery([
        { accountId: 'a', model: 'm' },
        { accountId: 'b', model: 'm' },
      ]),
    ).toBe(start + 2 * MINUTE);
    expect(book.earliestRecovery([{ accountId: 'a' }, { accountId: 'b', model: 'other' }])).toBe(
      start,
    );
    expect(book.earliestRecovery([])).toBeUndefined();
  });

  it('lists live entries soonest first', () => {
    const time = clock();
    const book = new CooldownBook({ now: time.now });
    const start = time.now();
    book.coolDown({ accountId: 'a' }, start + 3 * MINUTE, 'late');
    book.coolDown({ accountId: 'b', model: 'm' }, start + MINUTE, 'soon');
    expect(book.entries()).toEqual([
      { accountId: 'b', model: 'm', until: start + MINUTE, since: start, reason: 'soon' },
      { accountId: 'a', until: start + 3 * MINUTE, since: start, reason: 'late' },
    ]);
  });

  describe('shouldRecheck', () => {
    it('never probes a short cooldown', () => {
      const time = clock();
      const book = new CooldownBook({ now: time.now });
      book.coolDown({ accountId: 'a' }, time.now() + 5 * MINUTE, 'five minutes exactly');
      time.advance(2 * MINUTE);
      expect(book.shouldRecheck({ accountId: 'a' })).toBe(false);
    });

    it('allows one probe per minute for a long cooldown, not in its first minute', () => {
      const time = clock();
      const book = new CooldownBook({ now: time.now });
      book.coolDown({ accountId: 'cc-1' }, time.now() + 5 * 3_600_000, '5h window');
      const key = { accountId: 'cc-1', model: 'claude-sonnet-4-5' };
      expect(book.shouldRecheck(key)).toBe(false);
      time.advance(MINUTE);
      expect(book.shouldRecheck(key)).toBe(true);
      expect(book.shouldRecheck(key)).toBe(false);
      time.advance(MINUTE - 1);
      expect(book.shouldRecheck(key)).toBe(false);
      time.advance(1);
      expect(book.shouldRecheck(key)).toBe(true);
    });

    it('accepts an explicit time and says false once nothing blocks', () => {
      const time = clock();
      const book = new CooldownBook({ now: time.now });
      const start = time.now();
      book.coolDown({ accountId: 'a', model: 'm' }, start + 10 * MINUTE, 'long');
      expect(book.shouldRecheck({ accountId: 'a', model: 'm' }, start + 2 * MINUTE)).toBe(true);
      expect(book.shouldRecheck({ accountId: 'a', model: 'other' }, start + 4 * MINUTE)).toBe(
        false,
      );
      expect(book.shouldRecheck({ accountId: 'a', model: 'm' }, start + 11 * MINUTE)).toBe(false);
    });
  });

  it('round-trips through JSON, dropping entries that expired meanwhile', () => {
    const time = clock();
    const book = new CooldownBook({ now: time.now });
    const start = time.now();
    book.coolDown({ accountId: 'a' }, start + MINUTE, 'short');
    book.coolDown({ accountId: 'b', model: 'm' }, start + 10 * MINUTE, 'long');
    const json = JSON.parse(JSON.stringify(book)) as unknown;
    time.advance(2 * MINUTE);
    const restored = CooldownBook.fromJSON(json, { now: time.now });
    expect(restored.entries()).toEqual([
      { accountId: 'b', model: 'm', until: start + 10 * MINUTE, since: start, reason: 'long' },
    ]);
    expect(restored.isCooling('b', 'm')?.reason).toBe('long');
  });

  it('drops expired entries when serialising', () => {
    const time = clock();
    const book = new CooldownBook({ now: time.now });
    book.coolDown({ accountId: 'a' }, time.now() + 1000, 'short');
    time.advance(1000);
    expect(book.toJSON()).toEqual({ entries: [] });
  });

  it('rejects a malformed snapshot', () => {
    expect(() => CooldownBook.fromJSON({ entries: [{ accountId: 'a' }] })).toThrow();
    expect(() => CooldownBook.fromJSON('nope')).toThrow();
  });
});
