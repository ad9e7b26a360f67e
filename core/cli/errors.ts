/** Failures the CLI reports as one line (or a JSON error object) with a non-zero exit. */
export type CliErrorCode =
  | 'usage'
  | 'unknown_command'
  | 'invalid_argument'
  | 'unknown_kind'
  | 'missing_base_url'
  | 'missing_api_key'
  | 'duplicate_id'
  | 'duplicate_prefix'
  | 'not_found'
  | 'combo_cycle'
  | 'unknown_combo'
  | 'combo_in_use'
  | 'port_in_use'
  | 'serve_failed'
  | 'login_failed'
  | 'invalid_api_key'
  | 'key_check_failed'
  | 'confirmation_required'
  | 'unsafe_edit'
  | 'ledger_unavailable'
  | 'server_refused';

/** Exit code 2 for mistakes in how the command was typed, 1 for everything else. */
const USAGE_CODES: ReadonlySet<CliErrorCode> = new Set(['usage', 'unknown_command']);

export class CliError extends Error {
  readonly code: CliErrorCode;

  constructor(code: CliErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.code = code;
  }

  get exitCode(): number {
    return USAGE_CODES.has(this.code) ? 2 : 1;
  }
}

export interface CliFailure {
  code: string;
  message: string;
  exitCode: number;
}

/** Maps anything thrown to a stable code and a one-line message. */
export function describeFailure(error: unknown): CliFailure {
  if (error instanceof CliError) {
    return { code: error.code, message: error.message, exitCode: error.exitCode };
  }
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code?.startsWith('ERR_PARSE_ARGS_') === true) {
    return { code: 'usage', message: firstLine(message), exitCode: 2 };
  }
  return { code: code ?? 'internal', message: firstLine(message), exitCode: 1 };
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.replace(/\.\s*$/, '') ?? message;
}
