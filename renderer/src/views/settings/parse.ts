/**
 * Reads what the user typed into Settings' number fields. Each answers
 * `undefined` for text it cannot take; the optional ones answer `null` for an
 * empty field, which clears the setting. The server checks the same ranges.
 */

function number(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

function wholeIn(text: string, min: number, max: number): number | undefined {
  const value = number(text);
  return value !== undefined && Number.isInteger(value) && value >= min && value <= max
    ? value
    : undefined;
}

export function parsePort(text: string): number | undefined {
  return wholeIn(text, 1, 65_535);
}

export function parseDays(text: string): number | undefined {
  return wholeIn(text, 1, 3_650);
}

function percent(text: string): number | undefined {
  const value = number(text);
  return value !== undefined && value >= 1 && value <= 100 ? value : undefined;
}

export function parseOptionalPercent(text: string): number | null | undefined {
  return text.trim() === '' ? null : percent(text);
}

/** `80, 95` → [80, 95]: sorted, without repeats; an empty field means no alerts. */
export function parsePercentList(text: string): number[] | undefined {
  const parts = text
    .split(/[,\s]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const values = parts.map(percent);
  if (values.some((value) => value === undefined) || values.length > 10) return undefined;
  return [...new Set(values as number[])].sort((a, b) => a - b);
}

export function parseOptionalUsd(text: string): number | null | undefined {
  if (text.trim() === '') return null;
  const value = number(text);
  return value !== undefined && value > 0 && value <= 1_000_000 ? value : undefined;
}
