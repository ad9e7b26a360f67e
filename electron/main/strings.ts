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
} as const;
