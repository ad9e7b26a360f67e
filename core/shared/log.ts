/**
 * The one logger. Lines are redacted before they are written: anything that
 * looks like a credential is masked, so secrets never reach a log.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}

const SECRET_PATTERNS: readonly RegExp[] = [
  /\b(sk|sy|pk|rk)-[A-Za-z0-9_-]{8,}/g,
  /\bBearer\s+[A-Za-z0-9._~+/-]{8,}=*/gi,
  /\bAIza[0-9A-Za-z_-]{20,}/g,
  /\b(gh[pousr]_[A-Za-z0-9]{20,})/g,
];

const SECRET_FIELD = /(authorization|api[-_]?key|token|secret|password|cookie)/i;

export function redact(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, '[redacted]');
  return out;
}

function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_FIELD.test(key)) out[key] = '[redacted]';
    else if (typeof value === 'string') out[key] = redact(value);
    else out[key] = value;
  }
  return out;
}

/** A logger writing one redacted line per entry to `write`, at or above `minLevel`. */
export function createLogger(write: (line: string) => void, minLevel: LogLevel = 'info'): Logger {
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  return {
    log(level, message, fields) {
      if (order[level] < order[minLevel]) return;
      const suffix = fields === undefined ? '' : ` ${JSON.stringify(redactFields(fields))}`;
      write(`${new Date().toISOString()} ${level.padEnd(5)} ${redact(message)}${suffix}`);
    },
  };
}

export const silentLogger: Logger = { log() {} };
