/**
 * IR stream events → Gemini stream: SSE `data:` chunks for `alt=sse`, or the JSON
 * array REST answers with when the client did not ask for SSE.
 */
import { sseData } from '../../sse/writer.js';
import type { EncodeContext, StreamEncoder } from '../codec.js';
import { reasoningBlob, sealSignature } from '../ir/signatures.js';
import type { SignatureOrigin, StreamEvent, Usage } from '../ir/types.js';
import { streamErrorBody } from './errors.js';
import { finishReasonToGemini, usageToGemini } from './fields.js';
import type { Json } from './fields.js';
import { functionCallPart } from './parts.js';

interface PendingCall {
  name: string;
  args: string;
  signature?: string;
  origin?: SignatureOrigin;
}

export function createStreamEncoder(context: EncodeContext): StreamEncoder {
  const arrayMode = context.jsonArrayStream === true;
  let responseId = context.responseId;
  let usage: Partial<Usage> | undefined;
  let wrote = false;
  let done = false;
  let closed = false;
  const calls = new Map<number, PendingCall>();

  const frame = (body: Json): string => {
    if (!arrayMode) return sseData(body);
    const prefix = wrote ? ',\r\n' : '[';
    wrote = true;
    return prefix + JSON.stringify(body);
  };
  const chunk = (parts: Json[], extra: Json = {}): string =>
    frame({
      candidates: [{ content: { role: 'model', parts }, ...extra, index: 0 }],
      modelVersion: context.model,
      responseId,
    });

  const handle = (event: StreamEvent): string => {
    switch (event.type) {
      case 'start':
        if (event.id !== '') responseId = event.id;
        if (event.usage !== undefined) usage = { ...usage, ...event.usage };
        return '';
      case 'block_start':
        if (event.block.type === 'tool_call')
          calls.set(event.index, { name: event.block.name, args: '' });
        return '';
      case 'text_delta':
        return event.text === '' ? '' : chunk([{ text: event.text }]);
      case 'reasoning_delta':
        return event.text === '' ? '' : chunk([{ text: event.text, thought: true }]);
      case 'reasoning_signature': {
        // thoughtSignature is the one slot for either blob; the seal sends it home only.
        const blob = reasoningBlob(event);
        if (blob === undefined) return '';
        return chunk([
          { text: '', thought: true, thoughtSignature: sealSignature(blob, event.origin) },
        ]);
      }
      case 'tool_args_delta': {
        const call = calls.get(event.index);
        if (call !== undefined) call.args += event.json;
        return '';
      }
      case 'tool_signature': {
        const call = calls.get(event.index);
        if (call !== undefined) {
          call.signature = event.signature;
          if (event.origin !== undefined) call.origin = event.origin;
        }
        return '';
      }
      case 'block_stop': {
        const call = calls.get(event.index);
        if (call === undefined) return '';
        calls.delete(event.index);
        const signature =
          call.signature === undefined ? undefined : sealSignature(call.signature, call.origin);
        return chunk([functionCallPart(call.name, call.args, signature)]);
      }
      case 'usage':
        usage = { ...usage, ...event.usage };
        return '';
      case 'finish': {
        if (event.usage !== undefined) usage = { ...usage, ...event.usage };
        done = true;
        const last: Json = {
          candidates: [
            {
              content: { role: 'model', parts: [] },
              finishReason: finishReasonToGemini(event.stopReason),
              index: 0,
            },
          ],
        };
        // No usage seen means none is known: report nothing rather than zeros.
        if (usage !== undefined) last.usageMetadata = usageToGemini(usage);
        return frame({ ...last, modelVersion: context.model, responseId });
      }
      case 'error':
        done = true;
        return frame(streamErrorBody(event.error));
    }
  };

  return {
    push(event: StreamEvent): string {
      if (done) return '';
      return handle(event);
    },
    end(): string {
      done = true;
      if (!arrayMode || closed) return '';
      closed = true;
      return wrote ? ']' : '[]';
    },
  };
}
