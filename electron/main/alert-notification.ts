/** Quota alerts as notification text: what happened to which window, and when it comes back. */
import type { QuotaAlert } from '../../core/shared/quota.js';
import { mainStrings } from '../../core/shared/strings/tray.js';

export interface NotificationText {
  title: string;
  body: string;
}

export function alertNotification(alert: QuotaAlert, now: number): NotificationText {
  const where = `${alert.accountId} · ${alert.label}`;
  if (alert.type === 'reset') return { title: mainStrings.quotaResetTitle, body: where };
  const back = alert.resetsAt === undefined ? '' : ` ${mainStrings.resetsIn(alert.resetsAt - now)}`;
  if (alert.type === 'exhausted') {
    return { title: mainStrings.quotaExhaustedTitle, body: `${where}.${back}` };
  }
  return {
    title: mainStrings.quotaThresholdTitle(alert.threshold),
    body: `${where}: ${Math.round(alert.usedPercent)}% used.${back}`,
  };
}
