/** UTC day and hour arithmetic shared by the writer, the queries and retention. */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The UTC day `YYYY-MM-DD` of an epoch ms; matches SQLite's `strftime('%Y-%m-%d', at / 1000, 'unixepoch')`. */
export function utcDay(at: number): string {
  return new Date(Math.floor(at / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

export function floorTo(at: number, unit: number): number {
  return Math.floor(at / unit) * unit;
}

export function ceilTo(at: number, unit: number): number {
  return Math.ceil(at / unit) * unit;
}
