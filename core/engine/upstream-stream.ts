/**
 * Upstream stream bytes → IR events. SSE formats go through the SSE parser and
 * their codec's event decoder; formats with their own framing (Kiro's AWS
 * event stream) decode the bytes themselves.
 */
import type { ByteStreamDecoder, StreamDecoder, UpstreamCodec } from '../formats/codec.js';
import type { StreamEvent } from '../formats/ir/types.js';
import { SwitchyardError } from '../shared/errors.js';
import { SseParser } from '../sse/parser.js';
import type { UpstreamReply } from './upstream-call.js';
import { transportError } from './upstream-call.js';

/** True when a success reply is a stream to decode rather than one JSON body. */
export function readsAsStream(codec: UpstreamCodec, contentType: string | undefined): boolean {
  if (codec.createByteStreamDecoder !== undefined) return true;
  return (contentType ?? '').includes('event-stream');
}

/** The codec's SSE decoder; a codec without one cannot read SSE replies. */
export function sseDecoderOf(codec: UpstreamCodec): StreamDecoder {
  const decoder = codec.createStreamDecoder?.();
  if (decoder === undefined) {
    throw new SwitchyardError('internal', `The ${codec.format} codec cannot read SSE.`, {
      status: 500,
    });
  }
  return decoder;
}

/** SSE framing over a codec's event decoder, as a byte decoder. */
function sseBytes(decoder: StreamDecoder): ByteStreamDecoder {
  const parser = new SseParser();
  const text = new TextDecoder();
  const feed = (events: ReturnType<SseParser['push']>): StreamEvent[] =>
    events.flatMap((sse) => decoder.push(sse));
  return {
    push: (chunk) => feed(parser.push(text.decode(chunk, { stream: true }))),
    end: () => [...feed(parser.push(text.decode())), ...feed(parser.end()), ...decoder.end()],
  };
}

/** Reply bytes → IR events; a broken connection becomes an IR error event. */
export async function* decodeStream(
  codec: UpstreamCodec,
  reply: UpstreamReply,
  url: string,
  signal: AbortSignal,
): AsyncGenerator<StreamEvent> {
  const decoder = codec.createByteStreamDecoder?.() ?? sseBytes(sseDecoderOf(codec));
  try {
    for await (const chunk of reply.body) yield* decoder.push(chunk as Buffer);
  } catch (error) {
    if (signal.aborted) return;
    const failure = transportError(error, url);
    yield { type: 'error', error: { kind: failure.kind, message: failure.message } };
    return;
  }
  yield* decoder.end();
}
