/** A failure a management port may throw on purpose; its code and message reach the caller as is. */
import type { ManagementError } from '../shared/contract.js';

export class ManagementFailure extends Error {
  readonly code: ManagementError['code'];

  constructor(code: ManagementError['code'], message: string) {
    super(message);
    this.name = 'ManagementFailure';
    this.code = code;
  }
}

export function isManagementFailure(error: unknown): error is ManagementFailure {
  return error instanceof ManagementFailure;
}
