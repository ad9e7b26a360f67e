/** Gemini `alt=sse` stream → IR events. Each `data:` is a whole GenerateContentResponse. */
import type { SseEvent } from '../../sse/types.js';
import type { StreamDecoder } from '../codec.js';
import { randomId } from '../ir/ids.js';
import { isRecord, objectToArguments } from '../ir/json.js';
import type { StopReason, StreamEvent, Usage } from '../ir/types.js';
import { parseError } from './errors.js';
import { field, stopReasonFromGemini, usageFromGemini } from './fields.js';
import { readUpstreamPart } from './response.js';

type OpenBlock = 'text' | 'reasoning' | undefined;

export function createStreamDecoder(): StreamDecoder {
  let started = false;
  let finished = false;
  let failed = false;
  let nextIndex = 0;
  let open: OpenBlock;
  let sawCall = false;
  let usage: Usage | undefined;

  const close = (out: StreamEvent[]) => {
    if (open !== undefined) out.push({ type: 'block_stop', index: nextIndex - 1 });
    open = undefined;
  };
  const ensure = (out: StreamEvent[], kind: 'text' | 'reasoning'): number => {
    if (open !== kind) {
      close(out);
      out.push({ type: 'block_start', index: nextIndex, block: { type: kind } });
      nextIndex += 1;
      open = kind;
    }
    return nextIndex - 1;
  };
  /** A signature belongs to the thinking before it; open an empty reasoning block if needed. */
  const signReasoning = (out: StreamEvent[], signature: string) => {
    const index = ensure(out, 'reasoning');
    out.push({ type: 'reasoning_signature', index, signature });
    close(out);
  };

  const handleParts = (parts: unknown, out: StreamEvent[]) => {
    if (!Array.isArray(parts)) return;
    parts.forEach((raw, i) => {
      const read = readUpstreamPart(raw, i);
      if (read.kind === 'text') {
        if (read.thought) {
          const index = ensure(out, 'reasoning');
          if (read.text !== '') out.push({ type: 'reasoning_delta', index, text: read.text });
          if (read.signature !== undefined) {
            out.push({ type: 'reasoning_signature', index, signature: read.signature });
            close(out);
          }
          return;
        }
        if (read.signature !== undefined) signReasoning(out, read.signature);
        if (read.text !== '') {
          const index = ensure(out, 'text');
          out.push({ type: 'text_delta', index, text: read.text });
        }
      } else if (read.kind === 'media') {
        // The IR stream has no image blocks; keep at least the signature.
        if (read.signature !== undefined) signReasoning(out, read.signature);
      } else if (read.kind === 'call') {
        close(out);
        sawCall = true;
        const index = nextIndex;
        nextIndex += 1;
        const id = read.id ?? randomId('call_');
        out.push({ type: 'block_start', index, block: { type: 'tool_call', id, name: read.name } });
        out.push({ type: 'tool_args_delta', index, json: objectToArguments(read.args) });
        if (read.signature !== undefined) {
          out.push({ type: 'tool_signature', index, signature: read.signature });
        }
        out.push({ type: 'block_stop', index });
      }
    });
  };

  const finish = (out: StreamEvent[], stopReason: StopReason) => {
    close(out);
    finished = true;
    out.push(
      usage === undefined ? { type: 'finish', stopReason } : { type: 'finish', stopReason, usage },
    );
  };

  const handleChunk = (chunk: Record<string, unknown>, out: StreamEvent[]) => {
    if (!started) {
      started = true;
      const id = field(chunk, 'responseId');
      const model = field(chunk, 'modelVersion');
      out.push({
        type: 'start',
        id: typeof id === 'string' && id !== '' ? id : randomId('resp_'),
        model: typeof model === 'string' ? model : '',
      });
    }
    const candidates = field(chunk, 'candidates');
    const candidate =
      Array.isArray(candidates) && isRecord(candidates[0]) ? candidates[0] : undefined;
    if (candidate !== undefined) {
      const content = field(candidate, 'content');
      if (isRecord(content)) handleParts(content.parts, out);
    }
    const meta = usageFromGemini(field(chunk, 'usageMetadata'));
    if (meta !== undefined) {
      usage = meta;
      out.push({ type: 'usage', usage: meta });
    }
    const reason = candidate === undefined ? undefined : field(candidate, 'finishReason');
    if (typeof reason === 'string') finish(out, stopReasonFromGemini(reason, sawCall));
    else if (candidate === undefined) {
      const feedback = field(chunk, 'promptFeedback');
      if (isRecord(feedback) && field(feedback, 'blockReason') !== undefined) {
        finish(out, 'content_filter');
      }
    }
  };

  return {
    push(event: SseEvent): StreamEvent[] {
      if (finished || failed) return [];
      const text = event.data.trim();
      if (text === '' || text === '[DONE]') return [];
      let chunk: unknown;
      try {
        chunk = JSON.parse(text);
      } catch {
        failed = true;
        return [
          {
            type: 'error',
            error: { kind: 'upstream', message: 'Gemini sent a malformed stream chunk' },
          },
        ];
      }
      if (isRecord(chunk) && chunk.error !== undefined) {
        failed = true;
        const status =
          isRecord(chunk.error) && typeof chunk.error.code === 'number' ? chunk.error.code : 0;
        return [{ type: 'error', error: parseError(status, chunk) }];
      }
      if (!isRecord(chunk)) return [];
      const out: StreamEvent[] = [];
      handleChunk(chunk, out);
      return out;
    },
    end(): StreamEvent[] {
      if (finished || failed) return [];
      failed = true;
      return [
        {
          type: 'error',
          error: { kind: 'upstream', message: 'Gemini stream ended before a finishReason' },
        },
      ];
    },
  };
}
