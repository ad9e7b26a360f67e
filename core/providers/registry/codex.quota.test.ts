import { describe, expect, it } from 'vitest';
import { codexQuotaReader, codexWindowKind } from './codex.quota.js';

const NOW = 1_763_000_000_000;

describe('codexQuotaReader', () => {
  it('sends the account id the login stored', () => {
    expect(
      codexQuotaReader.request({ accessToken: 'tok', extra: { chatgpt_account_id: 'acct-1' } }),
    ).toMatchObject({
      url: 'https://chatgpt.com/backend-api/wham/usage',
      headers: { authorization: 'Bearer tok', 'chatgpt-account-id': 'acct-1' },
    });
  });

  it('reads both windows, with reset_at in epoch seconds', () => {
    const windows = codexQuotaReader.parse(
      {
        plan_type: 'plus',
        rate_limit: {
          allowed: true,
          limit_reached: false,
          primary_window: {
            used_percent: 12,
            limit_window_seconds: 18000,
            reset_after_seconds: 3600,
            reset_at: 1_763_003_600,
          },
          secondary_window: {
            used_percent: 77,
            limit_window_seconds: 604800,
            reset_after_seconds: 60,
          },
        },
      },
      NOW,
    );
    expect(windows).toEqual([
      expect.objectContaining({
        id: 'five_hour',
        kind: 'five_hour',
        usedPercent: 12,
        resetsAt: 1_763_003_600_000,
      }),
      expect.objectContaining({
        id: 'weekly',
        kind: 'weekly',
        usedPercent: 77,
        resetsAt: NOW + 60_000,
      }),
    ]);
  });

  it('copes with a null secondary, a null rate_limit and junk', () => {
    expect(
      codexQuotaReader.parse(
        { rate_limit: { primary_window: { used_percent: '5' }, secondary_window: null } },
        NOW,
      ),
    ).toEqual([expect.objectContaining({ id: 'five_hour', usedPercent: 5 })]);
    expect(codexQuotaReader.parse({ rate_limit: null }, NOW)).toEqual([]);
    expect(codexQuotaReader.parse({ detail: 'Unauthorized' }, NOW)).toMatchObject({
      kind: 'parse',
    });
    expect(codexQuotaReader.parse(42, NOW)).toMatchObject({ kind: 'parse' });
  });

  it('names windows by their length', () => {
    expect(codexWindowKind(18000, 'secondary')).toBe('five_hour');
    expect(codexWindowKind(604800, 'primary')).toBe('weekly');
    expect(codexWindowKind(900, 'primary')).toBe('other');
    expect(codexWindowKind(undefined, 'secondary')).toBe('weekly');
  });
});
