/**
 * Turns a whole IR response into the IR events a stream would have carried,
 * for upstreams that answered with JSON to a client that asked to stream.
 */
import type { Response, StreamEvent } from './types.js';

export function responseToEvents(response: Response): StreamEvent[] {
  const events: StreamEvent[] = [{ type: 'start', id: response.id, model: response.model }];
  let index = 0;
  for (const part of response.content) {
    switch (part.type) {
      case 'text':
        events.push({ type: 'block_start', index, block: { type: 'text' } });
        if (part.text !== '') events.push({ type: 'text_delta', index, text: part.text });
        break;
      case 'reasoning': {
        const block: Extract<StreamEvent, { type: 'block_start' }>['block'] = { type: 'reasoning' };
        if (part.redactedData !== undefined) block.redactedData = part.redactedData;
        if (part.itemId !== undefined) block.itemId = part.itemId;
        events.push({ type: 'block_start', index, block });
        if (part.text !== '') events.push({ type: 'reasoning_delta', index, text: part.text });
        if (part.signature !== undefined || part.encryptedContent !== undefined) {
          const signature: Extract<StreamEvent, { type: 'reasoning_signature' }> = {
            type: 'reasoning_signature',
            index,
          };
          if (part.signature !== undefined) signature.signature = part.signature;
          if (part.encryptedContent !== undefined)
            signature.encryptedContent = part.encryptedContent;
          if (part.origin !== undefined) signature.origin = part.origin;
          events.push(signature);
        }
        break;
      }
      case 'tool_call': {
        const block: Extract<StreamEvent, { type: 'block_start' }>['block'] = {
          type: 'tool_call',
          id: part.id,
          name: part.name,
        };
        if (part.itemId !== undefined) block.itemId = part.itemId;
        events.push({ type: 'block_start', index, block });
        events.push({ type: 'tool_args_delta', index, json: part.arguments });
        if (part.signature !== undefined) {
          const signature: Extract<StreamEvent, { type: 'tool_signature' }> = {
            type: 'tool_signature',
            index,
            signature: part.signature,
          };
          if (part.origin !== undefined) signature.origin = part.origin;
          events.push(signature);
        }
        break;
      }
      default:
        // Images, files and tool results do not occur in model output.
        continue;
    }
    events.push({ type: 'block_stop', index });
    index += 1;
  }
  const finish: Extract<StreamEvent, { type: 'finish' }> = {
    type: 'finish',
    stopReason: response.stopReason,
    usage: response.usage,
  };
  if (response.stopSequence !== undefined) finish.stopSequence = response.stopSequence;
  events.push(finish);
  return events;
}
