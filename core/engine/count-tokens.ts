/**
 * Token counting for `/v1/messages/count_tokens` and Gemini `:countTokens`.
 * An upstream that can count is asked; otherwise the answer is a local
 * estimate and says so (`estimated: true` and `x-switchyard-token-count`).
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { CountTokensCodec, FormatCodec } from '../formats/codec.js';
import { keepSignaturesFor } from '../formats/ir/signatures.js';
import type { Request } from '../formats/ir/types.js';
import { planRoute, policyOf, routeHeader, sendJson, type ProxyDeps } from './proxy.js';
import { callUpstream, readErrorBody, upstreamFailure } from './upstream-call.js';
import { upstreamHeaders, upstreamUrl } from './upstream-target.js';

export interface CountCall {
  inbound: FormatCodec & { countTokens: CountTokensCodec };
  body: Record<string, unknown>;
  model: string;
  clientHeaders: IncomingHttpHeaders;
  res: ServerResponse;
  signal: AbortSignal;
}

export async function proxyCountTokens(deps: ProxyDeps, call: CountCall): Promise<void> {
  // Counting spends no quota, so the first candidate serves, cooling or not.
  const first = policyOf(deps).candidates(call.model, () => undefined)[0];
  if (first === undefined) throw new Error('routing returned no candidates');
  const route = await planRoute(deps, first, call.inbound.format);
  const { endpoint, target } = route;
  call.res.setHeader('x-switchyard-route', routeHeader(route, 1));
  const request = keepSignaturesFor(
    {
      ...call.inbound.countTokens.parseRequest(call.body),
      model: target.upstreamModel,
      stream: false,
    },
    target.provider.id,
  );
  const upstreamCodec = deps.codecs[endpoint.format];
  const counter = upstreamCodec.countTokens;
  if (counter === undefined) {
    call.res.setHeader('x-switchyard-token-count', 'estimated');
    sendJson(call.res, 200, call.inbound.countTokens.renderResponse(estimateTokens(request), true));
    return;
  }
  const url = upstreamUrl(endpoint, target.upstreamModel, 'count_tokens', false);
  const headers = upstreamHeaders(
    endpoint,
    target.provider.definition,
    route.apiKey,
    call.clientHeaders,
    route.accountExtra,
  );
  const body = JSON.stringify(counter.buildRequest(request));
  const reply = await callUpstream(deps.dispatcher, url, headers, body, call.signal);
  if (reply.status >= 400) {
    const { json } = await readErrorBody(reply);
    throw upstreamFailure(upstreamCodec, reply, json, call.inbound.format);
  }
  const tokens = counter.parseResponse(await reply.body.json());
  call.res.setHeader('x-switchyard-token-count', 'upstream');
  sendJson(call.res, 200, call.inbound.countTokens.renderResponse(tokens, false));
}

/**
 * A rough local count: about four characters of text per token, plus a flat
 * cost per image. Only ever reported with `estimated: true`.
 */
export function estimateTokens(request: Request): number {
  let characters = 0;
  let images = 0;
  for (const part of request.system ?? []) characters += part.text.length;
  for (const message of request.messages) {
    for (const part of message.content) {
      switch (part.type) {
        case 'text':
        case 'reasoning':
          characters += part.text.length;
          break;
        case 'tool_call':
          characters += part.name.length + part.arguments.length;
          break;
        case 'tool_result':
          for (const inner of part.content) {
            if (inner.type === 'text') characters += inner.text.length;
            else images += 1;
          }
          break;
        case 'image':
        case 'file':
          images += 1;
          break;
      }
    }
  }
  for (const tool of request.tools ?? []) {
    characters +=
      tool.name.length + (tool.description?.length ?? 0) + JSON.stringify(tool.parameters).length;
  }
  return Math.ceil(characters / 4) + images * 1_000;
}
