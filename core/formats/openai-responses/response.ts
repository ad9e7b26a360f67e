/** Responses JSON reply ↔ IR response. */
import { SwitchyardError } from '../../shared/errors.js';
import type { EncodeContext } from '../codec.js';
import { isRecord } from '../ir/json.js';
import { sealSignature } from '../ir/signatures.js';
import { EMPTY_USAGE } from '../ir/types.js';
import type { ContentPart, ReasoningPart, Response, TextPart } from '../ir/types.js';
import {
  functionCallItem,
  itemId,
  messageItem,
  outputTextPart,
  reasoningItem,
  responseIdFor,
  responseObject,
  statusFor,
  stopReasonFor,
} from './output.js';
import { parseUsage } from './usage.js';

type Json = Record<string, unknown>;

function texts(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown) =>
    isRecord(entry) && typeof entry.text === 'string' ? [entry.text] : [],
  );
}

/** Joined summary, falling back to raw reasoning text (open-weight models send only that). */
export function reasoningText(item: Json): string {
  const summary = texts(item.summary);
  return (summary.length > 0 ? summary : texts(item.content)).join('\n\n');
}

export function parseResponse(body: unknown): Response {
  if (!isRecord(body) || !Array.isArray(body.output)) {
    throw new SwitchyardError('upstream_error', 'The upstream reply is not a Responses object', {
      status: 502,
    });
  }
  const content: ContentPart[] = [];
  let sawToolCall = false;
  let sawRefusal = false;
  for (const item of body.output as unknown[]) {
    if (!isRecord(item)) continue;
    if (item.type === 'reasoning') {
      const part: ReasoningPart = { type: 'reasoning', text: reasoningText(item) };
      if (typeof item.encrypted_content === 'string') {
        part.encryptedContent = item.encrypted_content;
      }
      if (typeof item.id === 'string') part.itemId = item.id;
      content.push(part);
    } else if (item.type === 'message' && Array.isArray(item.content)) {
      for (const piece of item.content as unknown[]) {
        if (!isRecord(piece)) continue;
        if (piece.type === 'output_text' && typeof piece.text === 'string') {
          const text: TextPart = { type: 'text', text: piece.text };
          if (Array.isArray(piece.annotations) && piece.annotations.length > 0) {
            text.annotations = piece.annotations;
          }
          content.push(text);
        } else if (piece.type === 'refusal' && typeof piece.refusal === 'string') {
          sawRefusal = true;
          content.push({ type: 'text', text: piece.refusal });
        }
      }
    } else if (item.type === 'function_call') {
      sawToolCall = true;
      content.push({
        type: 'tool_call',
        id: typeof item.call_id === 'string' ? item.call_id : '',
        name: typeof item.name === 'string' ? item.name : '',
        arguments: typeof item.arguments === 'string' ? item.arguments : '{}',
        ...(typeof item.id === 'string' ? { itemId: item.id } : {}),
      });
    }
    // Hosted-tool items (web_search_call…) ran upstream and have no IR part.
  }
  const incomplete = isRecord(body.incomplete_details) ? body.incomplete_details.reason : undefined;
  return {
    id: typeof body.id === 'string' ? body.id : '',
    model: typeof body.model === 'string' ? body.model : '',
    content,
    stopReason: stopReasonFor(body.status, incomplete, sawToolCall, sawRefusal),
    usage: parseUsage(body.usage) ?? { ...EMPTY_USAGE },
  };
}

/** The encrypted payload to hand a Responses client: its own, or another format's signature. */
export function clientEncryptedContent(part: ReasoningPart): string | undefined {
  const raw = part.encryptedContent ?? part.signature;
  return raw === undefined ? undefined : sealSignature(raw, part.origin);
}

export function renderResponse(response: Response, context: EncodeContext): Json {
  const id = responseIdFor(response.id, context);
  const output: Json[] = [];
  let textRun: Json[] = [];
  const flushText = (): void => {
    if (textRun.length === 0) return;
    output.push(messageItem(itemId(id, 'msg', output.length), textRun));
    textRun = [];
  };
  for (const part of response.content) {
    if (part.type === 'text') {
      textRun.push(outputTextPart(part.text, part.annotations));
      continue;
    }
    if (part.type === 'reasoning') {
      const encrypted = clientEncryptedContent(part);
      // Redacted thinking has nothing a Responses client could read or send back.
      if (part.text === '' && encrypted === undefined) continue;
      flushText();
      output.push(
        reasoningItem(itemId(id, 'rs', output.length, part.itemId), part.text, encrypted),
      );
    } else if (part.type === 'tool_call') {
      flushText();
      const fcId = itemId(id, 'fc', output.length, part.itemId);
      output.push(functionCallItem(fcId, part.id, part.name, part.arguments));
    }
  }
  flushText();
  const { status, incompleteDetails } = statusFor(response.stopReason);
  return responseObject(
    {
      id,
      status,
      output,
      usage: response.usage,
      incompleteDetails,
      error:
        status === 'failed'
          ? { code: 'server_error', message: 'The upstream model failed to finish the response' }
          : null,
    },
    context,
  );
}
