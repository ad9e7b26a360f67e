/** Tray health from account states, core's fate and the pause switch. */
import { describe, expect, it } from 'vitest';
import type { AccountState } from '../../core/shared/contract.js';
import { trayHealth, trayTitle, type TrayHealth } from './tray-health.js';

function accounts(...states: (AccountState | 'off')[]) {
  return states.map((state) =>
    state === 'off'
      ? { enabled: false, state: 'disabled' as const }
      : { enabled: state !== 'disabled', state },
  );
}

const running = { core: 'running' as const, paused: false };

describe('trayHealth', () => {
  it.each<[string, ReturnType<typeof accounts>, TrayHealth]>([
    ['every enabled account ready', accounts('ok', 'ok', 'off'), 'ok'],
    ['one cooling down', accounts('ok', 'cooling-down'), 'degraded'],
    ['one behind an open circuit', accounts('circuit-open', 'ok'), 'degraded'],
    ['one needing a login', accounts('ok', 'needs-login'), 'degraded'],
    ['none able to serve', accounts('cooling-down', 'circuit-open', 'needs-login', 'off'), 'out'],
    ['only disabled accounts', accounts('off', 'off'), 'out'],
    ['no accounts at all', accounts(), 'out'],
  ])('is right when %s', (_what, list, health) => {
    expect(trayHealth({ ...running, accounts: list })).toBe(health);
  });

  it('puts a failed core first, then starting, then a pause', () => {
    const list = accounts('ok');
    expect(trayHealth({ core: 'failed', paused: true, accounts: list })).toBe('error');
    expect(trayHealth({ core: 'starting', paused: true, accounts: list })).toBe('starting');
    expect(trayHealth({ core: 'running', paused: true, accounts: accounts('needs-login') })).toBe(
      'paused',
    );
  });
});

describe('trayTitle', () => {
  it('is empty when all is well and marks every kind of trouble differently', () => {
    expect(trayTitle('ok')).toBe('');
    expect(trayTitle('starting')).toBe('');
    const marks = (['degraded', 'out', 'paused', 'error'] as const).map(trayTitle);
    expect(new Set(marks).size).toBe(4);
    expect(marks).not.toContain('');
  });
});
