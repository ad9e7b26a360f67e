/** Responses errors: the shared OpenAI shape, plus the `error` object of a failed response. */
import type { UpstreamErrorInfo } from '../ir/types.js';

export { kindForCode, parseError, renderError } from '../openai-common/errors.js';

/** The `error` object of a failed response, in the codes Responses clients switch on. */
export function responseError(error: UpstreamErrorInfo): { code: string; message: string } {
  const code = error.kind === 'rate_limit' ? 'rate_limit_exceeded' : (error.code ?? 'server_error');
  return { code, message: error.message };
}
