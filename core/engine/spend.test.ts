import { describe, expect, it } from 'vitest';
import { emptySpendState, SpendBook } from './spend.js';

const budgets = (daily?: number, monthly?: number) => ({
  providers: {
    ds: {
      ...(daily === undefined ? {} : { dailyUsd: daily }),
      ...(monthly === undefined ? {} : { monthlyUsd: monthly }),
    },
  },
  keys: {},
});

describe('SpendBook', () => {
  it('adds spend per day and month and stops a provider at its daily budget until midnight UTC', () => {
    let now = Date.UTC(2026, 11, 1, 22, 0);
    const book = new SpendBook(emptySpendState(), () => now);
    book.record('ds', 'key1', 0.6);
    expect(book.stop('providers', 'ds', budgets(1))).toBeUndefined();
    book.record('ds', undefined, 0.5);
    const stop = book.stop('providers', 'ds', budgets(1));
    expect(stop?.reason).toMatch(/spent \$1\.10 of its \$1 daily budget/);
    expect(stop?.until).toBe(Date.UTC(2026, 11, 2));
    expect(book.spent('keys', 'key1')).toEqual({ dayUsd: 0.6, monthUsd: 0.6 });
    now = Date.UTC(2026, 11, 2, 0, 1);
    expect(book.stop('providers', 'ds', budgets(1))).toBeUndefined();
    expect(book.spent('providers', 'ds').monthUsd).toBeCloseTo(1.1);
  });

  it('checks the monthly budget and names the next month as the end', () => {
    const now = Date.UTC(2026, 11, 15);
    const book = new SpendBook(emptySpendState(), () => now);
    book.record('ds', undefined, 30);
    expect(book.stop('providers', 'ds', budgets(undefined, 25))?.until).toBe(Date.UTC(2027, 0, 1));
  });

  it('ignores zero and negative costs and survives a JSON round trip', () => {
    const book = new SpendBook(emptySpendState(), () => 0);
    book.record('ds', undefined, 0);
    expect(book.snapshot()).toEqual({ providers: {}, keys: {} });
    book.record('ds', undefined, 2);
    const copy = new SpendBook(JSON.parse(JSON.stringify(book.snapshot())), () => 0);
    expect(copy.spent('providers', 'ds').dayUsd).toBe(2);
  });
});
