/** Chat Completions errors: the shared OpenAI shape, plus how a chat stream reports one. */
import type { UpstreamErrorInfo } from '../ir/types.js';
import { errorBody } from '../openai-common/errors.js';

export { kindForCode, parseError, readError, renderError } from '../openai-common/errors.js';

/** An error inside an already-started chat stream: one data line, and no `[DONE]` after it. */
export function renderStreamError(error: UpstreamErrorInfo): string {
  return `data: ${JSON.stringify(errorBody(error.kind, error.message, undefined, error.code))}\n\n`;
}
