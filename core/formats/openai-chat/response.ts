/** `chat.completion` JSON ↔ IR response. */
import { SwitchyardError } from '../../shared/errors.js';
import type { EncodeContext } from '../codec.js';
import { randomId } from '../ir/ids.js';
import { isRecord } from '../ir/json.js';
import { EMPTY_USAGE } from '../ir/types.js';
import type { ContentPart, Response } from '../ir/types.js';
import { readError } from './errors.js';
import { completionIdFor, finishReasonFor, stopReasonFor } from './finish.js';
import { assistantFields } from './messages.js';
import { parseUsage, renderUsage } from './usage.js';

type Json = Record<string, unknown>;

function upstreamError(message: string): SwitchyardError {
  return new SwitchyardError('upstream_error', message, { status: 502 });
}

export function parseResponse(body: unknown): Response {
  if (!isRecord(body)) throw upstreamError('The upstream reply is not a chat.completion object');
  if (!Array.isArray(body.choices)) {
    const error = body.error === undefined ? undefined : readError(body);
    throw upstreamError(
      error?.message ?? 'The upstream reply is not a chat.completion object (no `choices`)',
    );
  }
  const choice: unknown = body.choices[0];
  const message = isRecord(choice) && isRecord(choice.message) ? choice.message : {};
  const content: ContentPart[] = [];
  const reasoning = message.reasoning_content ?? message.reasoning;
  if (typeof reasoning === 'string' && reasoning !== '') {
    content.push({ type: 'reasoning', text: reasoning });
  }
  if (typeof message.content === 'string' && message.content !== '') {
    content.push({ type: 'text', text: message.content });
  }
  const refusal = typeof message.refusal === 'string' && message.refusal !== '';
  if (refusal) content.push({ type: 'text', text: message.refusal as string });
  let sawToolCall = false;
  if (Array.isArray(message.tool_calls)) {
    for (const call of message.tool_calls as unknown[]) {
      if (!isRecord(call) || !isRecord(call.function)) continue;
      sawToolCall = true;
      const args = call.function.arguments;
      content.push({
        type: 'tool_call',
        id: typeof call.id === 'string' && call.id !== '' ? call.id : randomId('call_'),
        name: typeof call.function.name === 'string' ? call.function.name : '',
        arguments: typeof args === 'string' && args !== '' ? args : '{}',
      });
    }
  }
  const finishReason = isRecord(choice) ? choice.finish_reason : undefined;
  return {
    id: typeof body.id === 'string' ? body.id : '',
    model: typeof body.model === 'string' ? body.model : '',
    content,
    stopReason: stopReasonFor(finishReason, sawToolCall, refusal),
    usage: parseUsage(body.usage) ?? { ...EMPTY_USAGE },
  };
}

export function renderResponse(response: Response, context: EncodeContext): Json {
  // Signatures and encrypted reasoning have no chat slot; the engine's reasoning memory
  // restores them by tool-call id when the client sends the turn back.
  const { content, reasoning, calls } = assistantFields(response.content);
  const message: Json = { role: 'assistant', content, refusal: null };
  if (reasoning.length > 0) message.reasoning_content = reasoning.join('\n\n');
  if (calls.length > 0) message.tool_calls = calls;
  return {
    id: completionIdFor(response.id, context),
    object: 'chat.completion',
    created: context.created,
    model: context.model,
    choices: [
      { index: 0, message, logprobs: null, finish_reason: finishReasonFor(response.stopReason) },
    ],
    usage: renderUsage(response.usage),
  };
}
