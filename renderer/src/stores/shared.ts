/** What every domain store shares: reading a Result, and letting only the newest load write. */
import type { ManagementError, Result } from '../../../core/shared/contract.js';
import { strings } from '../strings';

/** The sentence the user sees for a failed call; codes stay out of the UI. */
export function errorText(error: ManagementError): string {
  return error.code === 'unauthorized' ? strings.errors.unauthorized : error.message;
}

/** A counter for overlapping loads (a manual refresh during a poll): a stale answer is dropped. */
export function newestOnly(): () => () => boolean {
  let latest = 0;
  return () => {
    const ticket = ++latest;
    return () => ticket === latest;
  };
}

export type { Result };
