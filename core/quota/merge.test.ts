import { describe, expect, it } from 'vitest';
import type { QuotaWindow } from '../shared/quota.js';
import { mergeWindows, usedPercentOf } from './merge.js';

const NOW = 1_800_000_000_000;

function w(fields: Partial<QuotaWindow> & Pick<QuotaWindow, 'source' | 'observedAt'>): QuotaWindow {
  return {
    id: 'five_hour',
    label: '5-hour',
    kind: 'five_hour',
    estimated: fields.source === 'local',
    ...fields,
  };
}

describe('mergeWindows', () => {
  it('measured numbers win over estimates, even newer ones', () => {
    const merged = mergeWindows(
      [
        w({ source: 'local', observedAt: NOW, usedPercent: 10, resetsAt: NOW + 1000 }),
        w({
          source: 'usage-endpoint',
          observedAt: NOW - 60_000,
          usedPercent: 70,
          resetsAt: NOW + 5000,
        }),
      ],
      NOW,
    );
    expect(merged).toEqual([
      expect.objectContaining({ source: 'usage-endpoint', usedPercent: 70 }),
    ]);
  });

  it('takes the newest measurement, whichever source it came from', () => {
    const endpoint = w({ source: 'usage-endpoint', observedAt: NOW - 10_000, usedPercent: 40 });
    const headers = w({ source: 'headers', observedAt: NOW - 1_000, usedPercent: 45 });
    expect(mergeWindows([endpoint, headers], NOW)).toEqual([headers]);
    expect(mergeWindows([headers, { ...endpoint, observedAt: NOW }], NOW)[0]?.source).toBe(
      'usage-endpoint',
    );
  });

  it('keeps windows with different ids or kinds apart, in a stable order', () => {
    const merged = mergeWindows(
      [
        w({ id: 'seven_day', kind: 'weekly', source: 'headers', observedAt: NOW }),
        w({ id: 'five_hour', kind: 'five_hour', source: 'local', observedAt: NOW }),
        w({ id: 'model:b', kind: 'other', source: 'usage-endpoint', observedAt: NOW }),
        w({ id: 'model:a', kind: 'other', source: 'usage-endpoint', observedAt: NOW }),
      ],
      NOW,
    );
    expect(merged.map((m) => m.id)).toEqual(['five_hour', 'seven_day', 'model:a', 'model:b']);
  });

  it('counts a passed reset as a reset until the window is observed again', () => {
    let now = NOW;
    const observed = w({
      source: 'usage-endpoint',
      observedAt: now,
      usedPercent: 100,
      used: 50,
      limit: 50,
      resetsAt: now + 60_000,
    });
    expect(mergeWindows([observed], now)[0]).not.toHaveProperty('resetPassed');
    now += 60_000;
    expect(mergeWindows([observed], now)[0]).toMatchObject({
      usedPercent: 0,
      used: 0,
      resetPassed: true,
      estimated: true,
    });
    const again = w({
      source: 'headers',
      observedAt: now + 1,
      usedPercent: 3,
      resetsAt: now + 5 * 3_600_000,
    });
    expect(mergeWindows([observed, again], now + 1)[0]).toEqual(again);
  });
});

describe('usedPercentOf', () => {
  it('uses the percent, else used over limit, and nothing for unlimited windows', () => {
    expect(usedPercentOf(w({ source: 'headers', observedAt: 0, usedPercent: 12 }))).toBe(12);
    expect(usedPercentOf(w({ source: 'local', observedAt: 0, used: 30, limit: 40 }))).toBe(75);
    expect(
      usedPercentOf(w({ source: 'local', observedAt: 0, used: 30, limit: 0 })),
    ).toBeUndefined();
    expect(
      usedPercentOf(w({ source: 'headers', observedAt: 0, unlimited: true, usedPercent: 0 })),
    ).toBeUndefined();
  });
});
