/** User-facing text of the main process (tray, dialogs), kept in one place for review and translation. */

export const mainStrings = {
  appName: 'Switchyard',
  statusStarting: 'Switchyard is starting…',
  statusRunning: (url: string) => `Running at ${url}`,
  statusFailed: (reason: string) => `Not running: ${reason}`,
  openDashboard: 'Open dashboard',
  copyEndpoint: 'Copy endpoint',
  quit: 'Quit Switchyard',
  tooltipRunning: (url: string) => `Switchyard — ${url}`,
  tooltipStopped: 'Switchyard — not running',
  needsLoginTitle: 'Sign in again',
  needsLoginBody: (accountId: string) =>
    `The account "${accountId}" was signed out by its provider. Run: switchyard login <provider> --id ${accountId}`,
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
