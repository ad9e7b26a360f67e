/** Output items and the response object, shared by the JSON reply and the stream encoder. */
import type { EncodeContext } from '../codec.js';
import type { StopReason, Usage } from '../ir/types.js';
import { renderUsage } from './usage.js';

type Json = Record<string, unknown>;

/** Responses clients expect `resp_…`; an upstream id of another format is not reused. */
export function responseIdFor(upstreamId: string | undefined, context: EncodeContext): string {
  if (upstreamId?.startsWith('resp_') === true) return upstreamId;
  const fallback = context.responseId;
  return fallback.startsWith('resp_') ? fallback : `resp_${fallback}`;
}

/** Deterministic item ids derived from the response id, unless the IR kept the upstream's. */
export function itemId(
  responseId: string,
  prefix: 'msg' | 'rs' | 'fc',
  index: number,
  kept?: string,
): string {
  if (kept?.startsWith(prefix) === true) return kept;
  return `${prefix}_${responseId.replace(/^resp_/, '')}_${index}`;
}

/** Only annotations already in Responses' own shape are echoed (Anthropic citations are not). */
export function outputAnnotations(annotations: readonly unknown[] | undefined): unknown[] {
  const known = ['url_citation', 'file_citation', 'container_file_citation', 'file_path'];
  return (annotations ?? []).filter(
    (entry) =>
      typeof entry === 'object' &&
      entry !== null &&
      known.includes(String((entry as { type?: unknown }).type)),
  );
}

export function outputTextPart(text: string, annotations?: readonly unknown[]): Json {
  return { type: 'output_text', text, annotations: outputAnnotations(annotations) };
}

export function messageItem(id: string, content: Json[], status = 'completed'): Json {
  return { id, type: 'message', status, role: 'assistant', content };
}

export function reasoningItem(id: string, text: string, encryptedContent?: string): Json {
  return {
    id,
    type: 'reasoning',
    summary: text === '' ? [] : [{ type: 'summary_text', text }],
    ...(encryptedContent === undefined ? {} : { encrypted_content: encryptedContent }),
  };
}

export function functionCallItem(
  id: string,
  callId: string,
  name: string,
  args: string,
  status = 'completed',
): Json {
  return { id, type: 'function_call', status, call_id: callId, name, arguments: args };
}

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

/** Responses has no stop reason: truncation and filtering show as `incomplete`. */
export function statusFor(stopReason: StopReason): {
  status: ResponseStatus;
  incompleteDetails: Json | null;
} {
  switch (stopReason) {
    case 'max_tokens':
      return { status: 'incomplete', incompleteDetails: { reason: 'max_output_tokens' } };
    case 'content_filter':
      return { status: 'incomplete', incompleteDetails: { reason: 'content_filter' } };
    case 'error':
      return { status: 'failed', incompleteDetails: null };
    default:
      return { status: 'completed', incompleteDetails: null };
  }
}

export interface ResponseObjectFields {
  id: string;
  status: ResponseStatus;
  output: Json[];
  usage?: Partial<Usage> | undefined;
  incompleteDetails?: Json | null;
  error?: Json | null;
}

/** The full response object with the echo fields SDKs read. */
export function responseObject(fields: ResponseObjectFields, context: EncodeContext): Json {
  return {
    id: fields.id,
    object: 'response',
    created_at: context.created,
    status: fields.status,
    error: fields.error ?? null,
    incomplete_details: fields.incompleteDetails ?? null,
    instructions: null,
    metadata: {},
    model: context.model,
    output: fields.output,
    parallel_tool_calls: true,
    temperature: null,
    tool_choice: 'auto',
    tools: [],
    top_p: null,
    usage: fields.usage === undefined ? null : renderUsage(fields.usage),
  };
}

/** The derived IR stop reason of a finished Responses reply. */
export function stopReasonFor(
  status: unknown,
  incompleteReason: unknown,
  sawToolCall: boolean,
  sawRefusal: boolean,
): StopReason {
  if (status === 'failed') return 'error';
  if (status === 'incomplete') {
    if (incompleteReason === 'max_output_tokens') return 'max_tokens';
    if (incompleteReason === 'content_filter') return 'content_filter';
  }
  if (sawToolCall) return 'tool_use';
  if (sawRefusal) return 'refusal';
  return status === 'incomplete' ? 'other' : 'end_turn';
}
