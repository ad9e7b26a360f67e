/** Every user-facing string of the Electron shell (tray menu, tooltips, notifications), beside the dashboard's. */

export const mainStrings = {
  appName: 'Switchyard',
  statusStarting: 'Switchyard is starting…',
  statusRunning: (url: string) => `Running at ${url}`,
  statusFailed: (reason: string) => `Not running: ${reason}`,
  openDashboard: 'Open dashboard',
  copyEndpoint: 'Copy endpoint',
  copyNewKey: 'Copy a new API key',
  newKeyName: (date: string) => `tray ${date}`,
  newKeyCopiedTitle: 'New API key copied',
  newKeyCopiedBody: 'Paste it into your client now: Switchyard keeps only its hash.',
  pauseRouting: 'Pause routing',
  launchAtLogin: 'Launch at login',
  combosHeader: 'Route "auto" through',
  noCombos: 'No combos yet',
  accountsHeader: 'Accounts',
  noAccounts: 'No accounts enabled',
  quit: 'Quit Switchyard',
  ipcRefused: 'This caller may not use the management API.',
  ipcInternal: 'Switchyard hit an internal error.',
  tooltipRunning: (url: string) => `Switchyard — ${url}`,
  tooltipStopped: 'Switchyard — not running',
  tooltipStarting: 'Switchyard — starting…',
  tooltip: (health: string, url: string) => `Switchyard — ${health}\n${url}`,
  statusWithHealth: (health: string, url: string) => `${health} · ${url}`,
  health: {
    starting: 'Starting…',
    ok: 'All accounts ready',
    degraded: 'Some accounts are resting',
    out: 'No account can serve requests',
    paused: 'Routing paused',
    error: 'Not running',
  },
  accountLine: (name: string, detail: string) => `${name} · ${detail}`,
  accountReady: 'ready',
  accountWindow: (label: string, percent: number) => `${label} ${percent}%`,
  accountResetsIn: (ms: number) => `resets in ${shortDuration(ms)}`,
  accountCoolingUntil: (time: string) => `cooling until ${time}`,
  accountCooling: 'cooling down',
  accountCircuitUntil: (time: string) => `circuit open until ${time}`,
  accountCircuitOpen: 'circuit open',
  accountNeedsLogin: 'needs login',
  /** Local wall-clock time, 24-hour: "14:05". */
  clockTime: (epochMs: number) => {
    const at = new Date(epochMs);
    return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
  },
  needsLoginTitle: 'Sign in again',
  needsLoginBody: (accountId: string) =>
    `The account "${accountId}" was signed out by its provider. Click to open Switchyard, then sign in again under Providers.`,
  quotaThresholdTitle: (threshold: number) => `Quota past ${threshold}%`,
  quotaExhaustedTitle: 'Quota used up — falling back',
  quotaResetTitle: 'Quota is back',
  resetsIn: (ms: number) => {
    const minutes = Math.max(1, Math.round(ms / 60_000));
    if (minutes < 60) return `Resets in ${minutes} min.`;
    const hours = Math.floor(minutes / 60);
    if (hours < 24) return `Resets in ${hours} h ${minutes % 60} min.`;
    return `Resets in ${Math.floor(hours / 24)} d ${hours % 24} h.`;
  },
} as const;

/** A compact countdown for menu lines: "14m", "2h 14m", "3d 4h". */
export function shortDuration(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}
