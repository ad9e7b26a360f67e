/** Small shared helpers for tool files: recognising Switchyard's own values. */

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The port of a loopback http URL, or undefined for anything else. */
export function loopbackPort(url: string | undefined): number | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' || !LOOPBACK.has(parsed.hostname)) return undefined;
    return Number(parsed.port || '80');
  } catch {
    return undefined;
  }
}

export function isLoopbackUrl(url: string | undefined): boolean {
  return loopbackPort(url) !== undefined;
}

export function isRouterKey(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('sy-');
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The model a connection asks for; `auto` is whatever combo is active. */
export function modelOf(model: string | undefined): string {
  return model ?? 'auto';
}
