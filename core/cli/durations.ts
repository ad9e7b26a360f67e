/** Reading `--since 7d` and printing "resets in 2h 14m". */

const UNIT_MS: Readonly<Record<string, number>> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/**
 * `7d`, `12h`, `30m`, `2w`, or an ISO date (`2026-11-01`): the epoch ms the
 * range starts at; undefined when the text is neither.
 */
export function parseSince(text: string, now: number): number | undefined {
  const relative = /^(\d+)([mhdw])$/.exec(text.trim());
  if (relative !== null) {
    const unit = UNIT_MS[relative[2] ?? ''];
    return unit === undefined ? undefined : now - Number(relative[1]) * unit;
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : at;
}

/** A short countdown: `45s`, `14m`, `2h 14m`, `3d 4h`; `now` once it has passed. */
export function formatCountdown(ms: number): string {
  if (ms <= 0) return 'now';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return `${Math.ceil(ms / 1000)}s`;
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}
