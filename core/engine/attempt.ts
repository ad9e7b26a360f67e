/**
 * One attempt at one upstream: the same-format passthrough or a translation,
 * streamed or not. Anything that fails before the client has seen content is
 * thrown as `AttemptFailed`, so routing can try the next candidate; after
 * that, the failure is reported inside the stream in the client's format.
 */
import type { ServerResponse } from 'node:http';
import type { EncodeContext, UpstreamCodec } from '../formats/codec.js';
import { ResponseAggregator } from '../formats/ir/aggregate.js';
import { randomId } from '../formats/ir/ids.js';
import { stampEventOrigin, stampResponseOrigin } from '../formats/ir/origin.js';
import { responseToEvents } from '../formats/ir/replay.js';
import { keepSignaturesFor } from '../formats/ir/signatures.js';
import type { Request, StreamEvent } from '../formats/ir/types.js';
import { retryAfterSeconds } from '../http/retry-after.js';
import { isSwitchyardError, SwitchyardError } from '../shared/errors.js';
import { AttemptFailed, isAttemptFailed } from './attempt-failed.js';
import { ClientStreamWriter } from './client-writer.js';
import type { ProxyCall, ProxyDeps, Route } from './proxy-types.js';
import {
  callUpstream,
  errorFromInfo,
  readErrorBody,
  transportError,
  upstreamFailure,
  type UpstreamReply,
} from './upstream-call.js';
import { decodeStream, readsAsStream, sseDecoderOf } from './upstream-stream.js';
import { upstreamUrl, upstreamHeaders } from './upstream-target.js';
import {
  PassthroughSniffer,
  UsageMeter,
  type UsageOutcome,
  type UsageRecord,
} from './usage-meter.js';

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/** Serves the call from one route, or throws `AttemptFailed` before anything was sent. */
export async function attemptRoute(deps: ProxyDeps, call: ProxyCall, route: Route): Promise<void> {
  if (route.endpoint.format === call.inbound.format) await passthrough(deps, call, route);
  else await translate(deps, call, route);
}

async function passthrough(deps: ProxyDeps, call: ProxyCall, route: Route): Promise<void> {
  const { endpoint, target } = route;
  // Gemini names the model in the URL; the other formats carry it in the body.
  const body =
    endpoint.format === 'gemini'
      ? call.body.chunks
      : call.body.withField('model', target.upstreamModel);
  const url = upstreamUrl(endpoint, target.upstreamModel, call.operation, call.stream);
  const headers = upstreamHeaders(
    endpoint,
    target.provider.definition,
    route.apiKey,
    call.clientHeaders,
    route.accountExtra,
  );
  const reply = await attemptCall(deps, route, url, headers, body, call.signal);
  const codec = deps.codecs[endpoint.format];

  if (reply.status >= 400) {
    const { raw, json } = await readErrorBody(reply);
    // Same format: the upstream's error body already speaks the client's language.
    const out: Record<string, string> = {
      'content-type': headerText(reply.headers['content-type']) ?? 'application/json',
    };
    const retryAfter = retryAfterSeconds(reply.headers);
    if (retryAfter !== undefined) out['retry-after'] = String(retryAfter);
    throw new AttemptFailed(
      {
        status: reply.status,
        headers: reply.headers,
        info: codec.parseError(reply.status, json),
        body: json,
      },
      upstreamFailure(codec, reply, json, call.inbound.format),
      { status: reply.status, headers: out, body: raw },
    );
  }

  const contentType = headerText(reply.headers['content-type']) ?? 'application/json';
  const streaming = contentType.includes('event-stream');
  const writer = new ClientStreamWriter(
    call.res,
    streaming ? { ...SSE_HEADERS, 'content-type': contentType } : { 'content-type': contentType },
    streaming ? () => markFirstContent(call) : undefined,
  );
  const sniffer = streaming ? new PassthroughSniffer(sseDecoderOf(codec)) : undefined;
  const whole: Buffer[] = [];
  // A stream is held until its first content event, so an early error can still fail over.
  const held: Buffer[] = [];
  let failed = false;
  try {
    for await (const chunk of reply.body) {
      const bytes = chunk as Buffer;
      if (sniffer === undefined) {
        whole.push(bytes);
        await writer.write(bytes);
        continue;
      }
      sniffQuietly(() => sniffer.push(bytes));
      if (writer.isCommitted) {
        await writer.write(bytes);
        continue;
      }
      held.push(bytes);
      const early = sniffer.meter.firstError;
      if (early !== undefined && !sniffer.meter.sawContent) {
        reply.body.destroy();
        throw new AttemptFailed(
          { status: reply.status, headers: reply.headers, info: early },
          errorFromInfo(early, call.inbound.format),
        );
      }
      if (sniffer.meter.sawContent) await writer.write(Buffer.concat(held.splice(0)));
    }
  } catch (error) {
    if (isAttemptFailed(error)) throw error;
    if (!call.signal.aborted) {
      const failure = transportError(error, url);
      if (!writer.isCommitted) throw beforeContent(failure);
      failed = true;
      await writer.write(
        call.inbound.renderStreamError({ kind: failure.kind, message: failure.message }),
      );
    }
  }
  if (held.length > 0) await writer.write(Buffer.concat(held));
  await writer.end();

  const meter = sniffer?.meter ?? new UsageMeter();
  if (sniffer === undefined) {
    sniffQuietly(() => meter.set(usageOfJsonReply(codec, Buffer.concat(whole))));
  } else sniffQuietly(() => sniffer.end());
  report(deps, call, route, meter, failed);
}

/** Usage of a whole JSON reply (a Gemini JSON-array stream reports it on its last element). */
function usageOfJsonReply(codec: UpstreamCodec, bytes: Buffer): UsageRecord['usage'] {
  const json = JSON.parse(bytes.toString('utf8')) as unknown;
  const reply = Array.isArray(json) ? (json.at(-1) as unknown) : json;
  return codec.parseResponse(reply).usage;
}

/** Usage accounting must never break the reply it watches. */
function sniffQuietly(action: () => void): void {
  try {
    action();
  } catch {
    // An unparseable reply simply reports no usage.
  }
}

function report(
  deps: ProxyDeps,
  call: ProxyCall,
  route: Route,
  meter: UsageMeter,
  failed = false,
): void {
  const outcome: UsageOutcome = call.signal.aborted
    ? 'client_aborted'
    : failed || meter.sawError
      ? 'upstream_error'
      : 'completed';
  const usage = meter.usageOrEstimate(call.body.size);
  call.served = { usage, outcome };
  if (deps.recordUsage === undefined) return;
  deps.recordUsage({
    providerId: route.target.provider.id,
    prefix: route.target.provider.prefix,
    ...(call.routerKeyId === undefined ? {} : { keyId: call.routerKeyId }),
    model: route.target.upstreamModel,
    inbound: call.inbound.format,
    upstream: route.endpoint.format,
    outcome,
    usage,
  });
}

async function translate(deps: ProxyDeps, call: ProxyCall, route: Route): Promise<void> {
  const { endpoint, target } = route;
  const upstreamCodec = deps.codecs[endpoint.format];
  if (call.operation === 'compact') {
    throw new SwitchyardError(
      'not_supported',
      `Compaction needs an OpenAI Responses upstream; "${target.clientModel}" is served in ${endpoint.format} format.`,
      { status: 400 },
    );
  }
  const parsed = call.inbound.parseRequest(call.body.json());
  rejectStatefulResponses(parsed);
  const request = keepSignaturesFor(
    deps.reasoning.restore({ ...parsed, model: target.upstreamModel, stream: call.stream }),
    target.provider.id,
  );
  const definition = target.provider.definition;
  const upstreamBody = {
    ...upstreamCodec.buildRequest(request, definition.buildOptions),
    ...(route.accountExtra === undefined ? {} : definition.accountBodyFields?.(route.accountExtra)),
  };
  const url = upstreamUrl(
    endpoint,
    target.upstreamModel,
    'generate',
    call.stream || upstreamCodec.alwaysStreams === true,
  );
  const headers = upstreamHeaders(
    endpoint,
    target.provider.definition,
    route.apiKey,
    call.clientHeaders,
    route.accountExtra,
  );
  const reply = await attemptCall(
    deps,
    route,
    url,
    headers,
    JSON.stringify(upstreamBody),
    call.signal,
  );

  if (reply.status >= 400) {
    const { json } = await readErrorBody(reply);
    throw new AttemptFailed(
      {
        status: reply.status,
        headers: reply.headers,
        info: upstreamCodec.parseError(reply.status, json),
        body: json,
      },
      upstreamFailure(upstreamCodec, reply, json, call.inbound.format),
    );
  }

  const context: EncodeContext = {
    model: target.clientModel,
    responseId: randomId('resp_'),
    created: Math.floor(Date.now() / 1000),
    ...call.encode,
  };
  const origin = { provider: target.provider.id };
  const upstreamStreams = readsAsStream(upstreamCodec, headerText(reply.headers['content-type']));

  if (!upstreamStreams) {
    const json = await readJsonBody(reply, url);
    const response = stampResponseOrigin(upstreamCodec.parseResponse(json), origin);
    deps.reasoning.remember(response, origin);
    const meter = new UsageMeter();
    meter.set(response.usage);
    report(deps, call, route, meter);
    if (!call.stream) {
      sendJson(call.res, 200, call.inbound.renderResponse(response, context));
      return;
    }
    await pumpEvents(call, context, responseToEvents(response), undefined, new UsageMeter());
    return;
  }

  const events = decodeStream(upstreamCodec, reply, url, call.signal);
  if (!call.stream) {
    const aggregator = new ResponseAggregator();
    const meter = new UsageMeter();
    for await (const event of events) {
      meter.observe(event);
      aggregator.push(stampEventOrigin(event, origin));
    }
    if (aggregator.error !== undefined) {
      // Nothing was written: the failure can still move on to the next candidate.
      throw new AttemptFailed(
        { status: reply.status, headers: reply.headers, info: aggregator.error },
        errorFromInfo(aggregator.error, call.inbound.format),
      );
    }
    report(deps, call, route, meter);
    deps.reasoning.remember(aggregator.result(), origin);
    sendJson(call.res, 200, call.inbound.renderResponse(aggregator.result(), context));
    return;
  }
  const meter = new UsageMeter();
  // The streamed turn is also gathered, so its signed reasoning can be restored next turn.
  const gathered = new ResponseAggregator();
  try {
    await pumpEvents(
      call,
      context,
      mapAsync(events, (event) => {
        const stamped = stampEventOrigin(event, origin);
        gathered.push(stamped);
        return stamped;
      }),
      reply,
      meter,
    );
  } catch (error) {
    // An attempt that failed before any content hands over to the next candidate unrecorded,
    // as a passthrough one does; anything that reached the client is accounted for.
    if (!isAttemptFailed(error)) report(deps, call, route, meter);
    throw error;
  }
  report(deps, call, route, meter);
  if (gathered.error === undefined) deps.reasoning.remember(gathered.result(), origin);
}

/** Encodes IR events to the client, holding output until the first content event. */
async function pumpEvents(
  call: ProxyCall,
  context: EncodeContext,
  events: Iterable<StreamEvent> | AsyncIterable<StreamEvent>,
  reply: UpstreamReply | undefined,
  meter: UsageMeter,
): Promise<void> {
  const encoder = call.inbound.createStreamEncoder(context);
  const contentType =
    call.inbound.format === 'ollama'
      ? 'application/x-ndjson'
      : context.jsonArrayStream === true
        ? 'application/json'
        : SSE_HEADERS['content-type'];
  const writer = new ClientStreamWriter(
    call.res,
    { ...SSE_HEADERS, 'content-type': contentType },
    () => markFirstContent(call),
  );
  for await (const event of events) {
    meter.observe(event);
    if (event.type === 'error' && !writer.isCommitted) {
      // Nothing reached the client yet, so the failure can still fail over or be a plain HTTP error.
      reply?.body.destroy();
      throw new AttemptFailed(
        { status: reply?.status ?? 200, info: event.error },
        errorFromInfo(event.error, call.inbound.format),
      );
    }
    const text = encoder.push(event);
    if (writer.isCommitted) await writer.write(text);
    else {
      writer.hold(text);
      if (isContentEvent(event)) await writer.commit();
    }
    if (event.type === 'error') {
      reply?.body.destroy();
      break;
    }
  }
  await writer.end(encoder.end());
}

function isContentEvent(event: StreamEvent): boolean {
  return event.type !== 'start' && event.type !== 'usage';
}

async function* mapAsync<T, U>(source: AsyncIterable<T>, map: (value: T) => U): AsyncGenerator<U> {
  for await (const value of source) yield map(value);
}

async function readJsonBody(reply: UpstreamReply, url: string): Promise<unknown> {
  let text: string;
  try {
    text = await reply.body.text();
  } catch (error) {
    throw transportError(error, url);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new SwitchyardError(
      'upstream_error',
      'The upstream answered with a body that is not JSON.',
      {
        status: 502,
        cause: error,
      },
    );
  }
}

/** `previous_response_id` points at state only OpenAI holds; it cannot be translated. */
function rejectStatefulResponses(request: Request): void {
  const previous = request.extensions?.['openai-responses']?.['previous_response_id'];
  if (previous !== undefined && previous !== null) {
    throw new SwitchyardError(
      'not_supported',
      'previous_response_id only works when the model is served by an OpenAI Responses upstream; send the full input instead.',
      { status: 400, param: 'previous_response_id' },
    );
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Opens the upstream call; a connection failure becomes a transient attempt failure. */
async function attemptCall(
  deps: ProxyDeps,
  route: Route,
  url: string,
  headers: Record<string, string>,
  body: string | readonly Buffer[],
  signal: AbortSignal,
): Promise<UpstreamReply> {
  try {
    const reply = await callUpstream(deps.dispatcher, url, headers, body, signal);
    observeQuietly(deps, route, reply);
    return reply;
  } catch (error) {
    if (isSwitchyardError(error) && !signal.aborted) {
      throw new AttemptFailed(
        { transport: error.code === 'upstream_timeout' ? 'timeout' : 'reset' },
        error,
      );
    }
    throw error;
  }
}

/** Rate-limit headers feed the quota ledger; watching them must never break a reply. */
function observeQuietly(deps: ProxyDeps, route: Route, reply: UpstreamReply): void {
  if (deps.observeResponse === undefined) return;
  try {
    deps.observeResponse(route.target.provider, reply.status, reply.headers);
  } catch (error) {
    deps.log.log('warn', 'Could not read quota headers.', { detail: String(error) });
  }
}

function markFirstContent(call: ProxyCall): void {
  call.firstContentAt ??= performance.now();
}

function beforeContent(failure: SwitchyardError): AttemptFailed {
  return new AttemptFailed(
    { transport: failure.code === 'upstream_timeout' ? 'timeout' : 'reset' },
    failure,
  );
}
