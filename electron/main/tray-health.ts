/**
 * The tray's health at a glance: one word from the accounts' routing states, whether core runs
 * and whether routing is paused. Pure, so the icon, tooltip and status line agree and tests can
 * read it without Electron.
 */
import type { AccountView } from '../../core/shared/contract.js';

export type TrayHealth = 'starting' | 'ok' | 'degraded' | 'out' | 'paused' | 'error';

export interface HealthInput {
  core: 'starting' | 'running' | 'failed';
  paused: boolean;
  accounts: readonly Pick<AccountView, 'enabled' | 'state'>[];
}

export function trayHealth(input: HealthInput): TrayHealth {
  if (input.core === 'failed') return 'error';
  if (input.core === 'starting') return 'starting';
  // A pause is the user's choice and outranks what the accounts say: nothing is routed anyway.
  if (input.paused) return 'paused';
  const enabled = input.accounts.filter((account) => account.enabled);
  const serving = enabled.filter((account) => account.state === 'ok').length;
  // No enabled account at all is "out" too: a request would find nothing to serve it.
  if (serving === 0) return 'out';
  return serving === enabled.length ? 'ok' : 'degraded';
}

/**
 * A short title beside the icon where the platform draws one (the macOS menu bar). The template
 * icon there can only change shape, not colour (tray-icon.ts), so the title spells trouble out.
 */
export function trayTitle(health: TrayHealth): string {
  switch (health) {
    case 'ok':
    case 'starting':
      return '';
    case 'degraded':
      return '!';
    case 'out':
      return '!!';
    case 'paused':
      return '‖';
    case 'error':
      return '×';
  }
}
