// Renders a scripted turn as an OpenAI Responses object or its sequence-numbered event stream.
import { chunkText, randomId, unixSeconds } from './http-helpers.js';
import { openAiTokenCounts } from './openai-shared.js';
import type { ResolvedTurn, StreamRendering } from './protocol.js';
import type { Signer } from './signing.js';

type Item = Record<string, unknown>;
type Event = Record<string, unknown> & { type: string };

export interface ResponsesRenderer {
  json(turn: ResolvedTurn): unknown;
  streamed(turn: ResolvedTurn): StreamRendering;
  failed(type: string | undefined, message: string | undefined, sent: number): string[];
}

export function responsesUsage(turn: ResolvedTurn): Record<string, unknown> {
  const counts = openAiTokenCounts(turn);
  return {
    input_tokens: counts.prompt,
    input_tokens_details: { cached_tokens: counts.cached },
    output_tokens: counts.completion,
    output_tokens_details: { reasoning_tokens: counts.reasoning },
    total_tokens: counts.prompt + counts.completion,
  };
}

/** The items a turn produces: reasoning, then the message, then function calls. */
function outputItems(turn: ResolvedTurn, signer: Signer): Item[] {
  const items: Item[] = [];
  if (turn.thinking !== undefined) {
    const id = randomId('rs_', 40);
    const sealed = signer.seal(JSON.stringify({ id, summary: turn.thinking }));
    items.push({
      id,
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: turn.thinking }],
      encrypted_content: sealed,
    });
  }
  if (turn.text !== undefined) {
    items.push({
      id: randomId('msg_', 40),
      type: 'message',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: turn.text, annotations: [], logprobs: [] }],
    });
  }
  for (const call of turn.toolCalls) {
    items.push({
      id: randomId('fc_', 40),
      type: 'function_call',
      status: 'completed',
      call_id: randomId('call_'),
      name: call.name,
      arguments: JSON.stringify(call.arguments),
    });
  }
  return items;
}

/** Events between output_item.added and output_item.done for one item. */
function itemEvents(item: Item, output_index: number): Event[] {
  const item_id = item.id;
  const events: Event[] = [];
  if (item.type === 'reasoning') {
    const text = (item.summary as { text: string }[])[0]?.text ?? '';
    const at = { item_id, output_index, summary_index: 0 };
    const part = { type: 'summary_text', text: '' };
    events.push({ type: 'response.reasoning_summary_part.added', ...at, part });
    for (const delta of chunkText(text)) {
      events.push({ type: 'response.reasoning_summary_text.delta', ...at, delta });
    }
    events.push({ type: 'response.reasoning_summary_text.done', ...at, text });
    events.push({ type: 'response.reasoning_summary_part.done', ...at, part: { ...part, text } });
  } else if (item.type === 'message') {
    const text = (item.content as { text: string }[])[0]?.text ?? '';
    const at = { item_id, output_index, content_index: 0 };
    const part = { type: 'output_text', annotations: [], logprobs: [], text: '' };
    events.push({ type: 'response.content_part.added', ...at, part });
    for (const delta of chunkText(text)) {
      events.push({ type: 'response.output_text.delta', ...at, delta, logprobs: [] });
    }
    events.push({ type: 'response.output_text.done', ...at, text, logprobs: [] });
    events.push({ type: 'response.content_part.done', ...at, part: { ...part, text } });
  } else {
    const args = item.arguments as string;
    for (const delta of chunkText(args, 4)) {
      events.push({ type: 'response.function_call_arguments.delta', item_id, output_index, delta });
    }
    events.push({
      type: 'response.function_call_arguments.done',
      item_id,
      output_index,
      name: item.name,
      arguments: args,
    });
  }
  return events;
}

/** The item as output_item.added shows it: empty and in progress. */
function startedItem(item: Item): Item {
  if (item.type === 'reasoning') return { id: item.id, type: 'reasoning', summary: [] };
  if (item.type === 'message') return { ...item, status: 'in_progress', content: [] };
  return { ...item, status: 'in_progress', arguments: '' };
}

function frame(event: Event, sequence_number: number): string {
  return `event: ${event.type}\ndata: ${JSON.stringify({ ...event, sequence_number })}\n\n`;
}

export function responsesRenderer(
  body: Record<string, unknown>,
  signer: Signer,
): ResponsesRenderer {
  const id = randomId('resp_', 40);
  const created_at = unixSeconds();
  const envelope = (status: string, output: Item[], usage: unknown, extra: Item = {}) => ({
    id,
    object: 'response',
    created_at,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: body.model,
    output,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: body.reasoning ?? { effort: null, summary: null },
    store: body.store ?? true,
    text: body.text ?? { format: { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    truncation: 'disabled',
    usage,
    metadata: body.metadata ?? {},
    ...extra,
  });
  const finished = (turn: ResolvedTurn, output: Item[]) =>
    turn.stopReason === 'max_tokens'
      ? envelope('incomplete', output, responsesUsage(turn), {
          incomplete_details: { reason: 'max_output_tokens' },
        })
      : envelope('completed', output, responsesUsage(turn));
  return {
    json: (turn) => finished(turn, outputItems(turn, signer)),
    streamed(turn) {
      const items = outputItems(turn, signer);
      const started = envelope('in_progress', [], null);
      const events: Event[] = [
        { type: 'response.created', response: started },
        { type: 'response.in_progress', response: started },
      ];
      for (const [output_index, item] of items.entries()) {
        events.push({ type: 'response.output_item.added', output_index, item: startedItem(item) });
        events.push(...itemEvents(item, output_index));
        events.push({ type: 'response.output_item.done', output_index, item });
      }
      const last = turn.stopReason === 'max_tokens' ? 'response.incomplete' : 'response.completed';
      events.push({ type: last, response: finished(turn, items) });
      return { contentType: 'text/event-stream', frames: events.map(frame) };
    },
    failed(type, message, sent) {
      const error = {
        code: type ?? 'server_error',
        message: message ?? 'An error occurred while processing your request.',
      };
      const response = envelope('failed', [], null, { error });
      return [frame({ type: 'response.failed', response }, sent)];
    },
  };
}
