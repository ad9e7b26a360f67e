/** Chat `finish_reason` ↔ IR stop reasons, and the `chatcmpl-` id a client sees. */
import type { EncodeContext } from '../codec.js';
import type { StopReason } from '../ir/types.js';

export function stopReasonFor(
  finishReason: unknown,
  sawToolCall: boolean,
  sawRefusal: boolean,
): StopReason {
  switch (finishReason) {
    case 'stop':
    case 'eos':
      // Some OpenAI-compatible servers say "stop" after tool calls; the loop must still continue.
      if (sawToolCall) return 'tool_use';
      return sawRefusal ? 'refusal' : 'end_turn';
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'content_filter';
    default:
      return sawToolCall ? 'tool_use' : 'other';
  }
}

export function finishReasonFor(stopReason: StopReason): string {
  switch (stopReason) {
    case 'max_tokens':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'content_filter':
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}

export function completionIdFor(upstreamId: string | undefined, context: EncodeContext): string {
  if (upstreamId?.startsWith('chatcmpl-') === true) return upstreamId;
  const fallback = context.responseId;
  return fallback.startsWith('chatcmpl-') ? fallback : `chatcmpl-${fallback}`;
}
