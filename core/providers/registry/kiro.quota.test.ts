import { describe, expect, it } from 'vitest';
import { kiroQuotaReader } from './kiro.quota.js';

const NOW = 1_777_000_000_000;

describe('kiroQuotaReader', () => {
  it('asks the region the login stored, and only a region-shaped one', () => {
    expect(
      kiroQuotaReader.request({ accessToken: 't', extra: { region: 'eu-central-1' } }),
    ).toMatchObject({
      url: 'https://codewhisperer.eu-central-1.amazonaws.com/getUsageLimits?origin=AI_EDITOR&resourceType=AGENTIC_REQUEST',
      method: 'GET',
      headers: { authorization: 'Bearer t' },
    });
    expect(
      kiroQuotaReader.request({ accessToken: 't', extra: { region: 'evil.com/x' } }),
    ).toMatchObject({
      url: expect.stringContaining('https://codewhisperer.us-east-1.amazonaws.com/') as unknown,
    });
  });

  it('reads each resource and an active free trial', () => {
    const windows = kiroQuotaReader.parse(
      {
        daysUntilReset: 7,
        nextDateReset: 1_777_593_600,
        subscriptionInfo: { subscriptionTitle: 'KIRO PRO', type: 'Q_DEVELOPER_STANDALONE_PRO' },
        usageBreakdownList: [
          {
            resourceType: 'CREDIT',
            displayName: 'Credit',
            displayNamePlural: 'Credits',
            currentUsage: 250,
            currentUsageWithPrecision: 250.5,
            usageLimit: 1000,
            usageLimitWithPrecision: 1000,
            freeTrialInfo: {
              freeTrialStatus: 'ACTIVE',
              currentUsage: 10,
              usageLimit: 500,
              freeTrialExpiry: 1_778_000_000,
            },
          },
          {
            resourceType: 'AGENTIC_REQUEST',
            currentUsage: 0,
            usageLimit: 0,
            nextDateReset: 1_777_000_100,
          },
          'junk',
        ],
      },
      NOW,
    );
    expect(windows).toEqual([
      expect.objectContaining({
        id: 'usage:credit',
        label: 'Credits',
        kind: 'monthly',
        unit: 'credits',
        used: 250.5,
        limit: 1000,
        usedPercent: 25.05,
        resetsAt: 1_777_593_600_000,
      }),
      expect.objectContaining({
        id: 'trial:credit',
        kind: 'other',
        usedPercent: 2,
        resetsAt: 1_778_000_000_000,
      }),
      expect.objectContaining({
        id: 'usage:agentic_request',
        used: 0,
        limit: 0,
        resetsAt: 1_777_000_100_000,
      }),
    ]);
    expect(Array.isArray(windows) && windows[2]?.usedPercent).toBeUndefined();
  });

  it('returns error values for bodies without a breakdown', () => {
    expect(
      kiroQuotaReader.parse(
        { message: 'The bearer token included in the request is invalid.' },
        NOW,
      ),
    ).toMatchObject({ kind: 'parse' });
    expect(kiroQuotaReader.parse([], NOW)).toMatchObject({ kind: 'parse' });
    expect(
      kiroQuotaReader.parse({ usageBreakdownList: [{ resourceType: 'CREDIT' }] }, NOW),
    ).toEqual([]);
  });
});
