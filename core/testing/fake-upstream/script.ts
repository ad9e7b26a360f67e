// Plays one scripted step (reply, error, hang, drop, in-stream error, escape hatch) on a response.
import type { ServerResponse } from 'node:http';
import { nextTick, sendJson, sleep } from './http-helpers.js';
import { defaultTurn, resolveTurn } from './protocol.js';
import type { Generation, Protocol, StreamRendering } from './protocol.js';
import type { RecordedRequest, ReplyStep, Step } from './types.js';

export interface StepIo {
  /** Fires when the fake is closing. */
  signal: AbortSignal;
  /** Destroys the socket on purpose, so the request is not counted as a client abort. */
  drop(res: ServerResponse): void;
}

export async function playStep(
  step: Step | undefined,
  generation: Generation,
  protocol: Protocol,
  req: RecordedRequest,
  res: ServerResponse,
  io: StepIo,
): Promise<void> {
  const current = step ?? { reply: defaultTurn(generation.lastUserText) };
  if ('hang' in current) return;
  if ('respond' in current) {
    current.respond(req, res);
    return;
  }
  if ('error' in current) {
    const { status, body, headers } = current.error;
    const vendor = protocol.errorReply(status);
    sendJson(res, {
      status,
      body: body === undefined ? vendor.body : body,
      headers: { ...vendor.headers, ...headers },
    });
    return;
  }
  if (current.delay !== undefined && !(await sleep(current.delay, io.signal))) return;
  if (res.destroyed) return;
  await playReply(current, generation, protocol, res, io);
}

async function playReply(
  step: ReplyStep,
  generation: Generation,
  protocol: Protocol,
  res: ServerResponse,
  io: StepIo,
): Promise<void> {
  const turn = resolveTurn(step.reply, generation.inputTokens);
  const headers = step.headers ?? {};
  if (!generation.stream) {
    if (step.streamError !== undefined) {
      const failure = protocol.errorReply(500, step.streamError.message);
      sendJson(res, { ...failure, headers: { ...failure.headers, ...headers } });
      return;
    }
    const body = JSON.stringify(generation.json(turn));
    if (step.dropAfterEvents !== undefined) {
      // A non-streaming body is cut in half, which is what a mid-body drop looks like.
      res.writeHead(200, { 'content-type': 'application/json', ...headers });
      res.write(body.slice(0, Math.floor(body.length / 2)));
      await nextTick();
      io.drop(res);
      return;
    }
    sendJson(res, { status: 200, body: generation.json(turn), headers });
    return;
  }
  const rendering = generation.streamed(turn);
  res.writeHead(200, {
    'content-type': rendering.contentType,
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...headers,
  });
  const limit = step.dropAfterEvents ?? step.hangAfterEvents ?? step.streamError?.afterEvents;
  const frames = limit === undefined ? rendering.frames : rendering.frames.slice(0, limit);
  const writer = frameWriter(res, rendering);
  if (!(await writer.write(frames))) return;
  if (step.dropAfterEvents !== undefined) {
    io.drop(res);
    return;
  }
  if (step.hangAfterEvents !== undefined) return;
  if (step.streamError !== undefined) {
    const { type, message } = step.streamError;
    if (!(await writer.write(generation.streamError(type, message, frames.length)))) return;
  }
  if (res.destroyed) return;
  res.end(rendering.close ?? '');
}

/** Writes frames one per tick; `write` resolves false once the client has gone away. */
function frameWriter(
  res: ServerResponse,
  rendering: StreamRendering,
): { write(frames: (string | Uint8Array)[]): Promise<boolean> } {
  let written = -1;
  return {
    async write(frames) {
      if (written === -1 && !res.destroyed) {
        if (rendering.open !== undefined) res.write(rendering.open);
        written = 0;
      }
      for (const frame of frames) {
        if (res.destroyed) return false;
        if (written > 0 && rendering.separator !== undefined) res.write(rendering.separator);
        res.write(frame);
        written += 1;
        await nextTick();
      }
      return !res.destroyed;
    },
  };
}
