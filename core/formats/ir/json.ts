/** Tool arguments travel as JSON text; these helpers convert at format edges without throwing. */

/** Parses tool-call arguments into an object; malformed or non-object text becomes `{}`-wrapped raw. */
export function argumentsToObject(json: string): Record<string, unknown> {
  if (json.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(json);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
    return { value };
  } catch {
    return { _raw: json };
  }
}

export function objectToArguments(value: unknown): string {
  if (value === undefined || value === null) return '{}';
  return JSON.stringify(value);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
