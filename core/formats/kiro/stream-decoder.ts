/**
 * Kiro's AWS event stream → IR events. `assistantResponseEvent` carries text,
 * `toolUseEvent` a tool call in pieces (name and id, then `input` fragments,
 * then `stop`); metering and context-usage events carry no token counts, so
 * the engine estimates usage for these streams. A corrupt frame ends the
 * stream with an IR error event.
 */
import type { ByteStreamDecoder } from '../codec.js';
import { randomId } from '../ir/ids.js';
import { isRecord } from '../ir/json.js';
import type { StreamEvent } from '../ir/types.js';
import { kindForErrorType, shortErrorType } from './errors.js';
import { EventStreamReader, type EventFrame } from './event-stream.js';

type Open = { kind: 'text' } | { kind: 'tool'; id: string; sentArgs: boolean } | undefined;

export function createByteStreamDecoder(): ByteStreamDecoder {
  const reader = new EventStreamReader();
  let started = false;
  let failed = false;
  let nextIndex = 0;
  let open: Open;
  let sawTool = false;

  const start = (out: StreamEvent[]): void => {
    if (started) return;
    started = true;
    out.push({ type: 'start', id: randomId('msg_'), model: '' });
  };
  const close = (out: StreamEvent[]): void => {
    if (open === undefined) return;
    const index = nextIndex - 1;
    // A tool that took no input still has arguments: an empty object.
    if (open.kind === 'tool' && !open.sentArgs)
      out.push({ type: 'tool_args_delta', index, json: '{}' });
    out.push({ type: 'block_stop', index });
    open = undefined;
  };
  const fail = (out: StreamEvent[], error: StreamEvent & { type: 'error' }): void => {
    start(out);
    close(out);
    out.push(error);
    failed = true;
  };

  const onText = (payload: Record<string, unknown>, out: StreamEvent[]): void => {
    const text = payload['content'];
    if (typeof text !== 'string' || text === '') return;
    if (open?.kind !== 'text') {
      close(out);
      out.push({ type: 'block_start', index: nextIndex, block: { type: 'text' } });
      nextIndex += 1;
      open = { kind: 'text' };
    }
    out.push({ type: 'text_delta', index: nextIndex - 1, text });
  };

  const onToolUse = (payload: Record<string, unknown>, out: StreamEvent[]): void => {
    const id = payload['toolUseId'];
    const name = payload['name'];
    if (typeof id !== 'string') return;
    if (open?.kind !== 'tool' || open.id !== id) {
      close(out);
      out.push({
        type: 'block_start',
        index: nextIndex,
        block: { type: 'tool_call', id, name: typeof name === 'string' ? name : '' },
      });
      nextIndex += 1;
      open = { kind: 'tool', id, sentArgs: false };
      sawTool = true;
    }
    const input = payload['input'];
    if (typeof input === 'string' && input !== '') {
      out.push({ type: 'tool_args_delta', index: nextIndex - 1, json: input });
      open.sentArgs = true;
    }
    if (payload['stop'] === true) close(out);
  };

  const onFrame = (frame: EventFrame, out: StreamEvent[]): void => {
    const messageType = frame.headers[':message-type'];
    if (messageType === 'error') {
      const code = stringHeader(frame, ':error-code');
      fail(out, {
        type: 'error',
        error: {
          kind: kindForErrorType(code),
          message: stringHeader(frame, ':error-message') ?? 'Kiro reported an error mid-stream.',
          ...(code === undefined ? {} : { code }),
        },
      });
      return;
    }
    const payload = parsePayload(frame.payload);
    if (messageType === 'exception') {
      const type = stringHeader(frame, ':exception-type');
      const message =
        payload !== undefined && typeof payload['message'] === 'string'
          ? payload['message']
          : undefined;
      fail(out, {
        type: 'error',
        error: {
          kind: kindForErrorType(type),
          message: message ?? 'Kiro reported an exception mid-stream.',
          ...(type === undefined ? {} : { code: shortErrorType(type) }),
        },
      });
      return;
    }
    if (payload === undefined) return;
    switch (frame.headers[':event-type']) {
      case 'assistantResponseEvent':
        start(out);
        onText(payload, out);
        return;
      case 'toolUseEvent':
        start(out);
        onToolUse(payload, out);
        return;
      default:
        // meteringEvent, contextUsageEvent, messageMetadataEvent…: nothing to show.
        return;
    }
  };

  return {
    push(chunk) {
      if (failed) return [];
      const out: StreamEvent[] = [];
      const { frames, error } = reader.push(chunk);
      for (const frame of frames) {
        if (failed) break;
        onFrame(frame, out);
      }
      if (error !== undefined && !failed) {
        fail(out, {
          type: 'error',
          error: { kind: 'upstream', message: `Kiro's reply is corrupt: ${error.message}.` },
        });
      }
      return out;
    },
    end() {
      if (failed) return [];
      const out: StreamEvent[] = [];
      const cut = reader.end();
      if (cut !== undefined) {
        fail(out, {
          type: 'error',
          error: { kind: 'upstream', message: `Kiro's reply is corrupt: ${cut.message}.` },
        });
        return out;
      }
      start(out);
      close(out);
      out.push({ type: 'finish', stopReason: sawTool ? 'tool_use' : 'end_turn' });
      return out;
    },
  };
}

function stringHeader(frame: EventFrame, name: string): string | undefined {
  const value = frame.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function parsePayload(bytes: Uint8Array): Record<string, unknown> | undefined {
  if (bytes.length === 0) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
