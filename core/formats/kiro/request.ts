/**
 * IR → a Kiro `generateAssistantResponse` body:
 * `{conversationState: {chatTriggerType, conversationId, currentMessage, history}}`.
 * The current message is the last user turn and carries the tool list; the
 * history alternates `userInputMessage` and `assistantResponseMessage`. Kiro
 * has no system slot, so system text opens the first user turn.
 */
import { randomUUID } from 'node:crypto';
import { invalidRequest } from '../../shared/errors.js';
import { argumentsToObject } from '../ir/json.js';
import type { ContentPart, Message, Request, ToolResultPart } from '../ir/types.js';

/** The origin Kiro's own clients name for chat requests; it selects the chat service, not a client identity. */
const ORIGIN = 'AI_EDITOR';

interface Turn {
  role: Message['role'];
  parts: ContentPart[];
}

export function buildRequest(request: Request): Record<string, unknown> {
  const turns = mergeTurns(request.messages);
  const last = turns.at(-1);
  if (last === undefined || last.role !== 'user') {
    throw invalidRequest('Kiro needs the conversation to end with a user turn.', 'messages');
  }
  const system = (request.system ?? []).map((part) => part.text).join('\n\n');
  const history = turns
    .slice(0, -1)
    .map((turn, index) =>
      turn.role === 'user'
        ? { userInputMessage: userMessage(turn, request.model, index === 0 ? system : '') }
        : { assistantResponseMessage: assistantMessage(turn) },
    );
  const current = userMessage(last, request.model, turns.length === 1 ? system : '');
  const tools = (request.tools ?? []).map((tool) => ({
    toolSpecification: {
      name: tool.name,
      description: tool.description ?? '',
      inputSchema: { json: tool.parameters },
    },
  }));
  if (tools.length > 0) {
    current['userInputMessageContext'] = {
      ...(current['userInputMessageContext'] as Record<string, unknown> | undefined),
      tools,
    };
  }
  return {
    conversationState: {
      chatTriggerType: 'MANUAL',
      // Each request carries the whole conversation, so a fresh id per request is enough.
      conversationId: randomUUID(),
      currentMessage: { userInputMessage: current },
      history,
    },
  };
}

/** Kiro wants strict alternation; consecutive turns of one role are joined. */
function mergeTurns(messages: readonly Message[]): Turn[] {
  const turns: Turn[] = [];
  for (const message of messages) {
    const previous = turns.at(-1);
    if (previous?.role === message.role) previous.parts.push(...message.content);
    else turns.push({ role: message.role, parts: [...message.content] });
  }
  return turns;
}

function userMessage(turn: Turn, modelId: string, prefix: string): Record<string, unknown> {
  const texts: string[] = prefix === '' ? [] : [prefix];
  const images: Record<string, unknown>[] = [];
  const toolResults: Record<string, unknown>[] = [];
  for (const part of turn.parts) {
    switch (part.type) {
      case 'text':
        texts.push(part.text);
        break;
      case 'image':
        if (part.source.kind !== 'base64') {
          throw invalidRequest('Kiro takes images only as inline base64 data, not URLs.');
        }
        images.push({
          format: part.source.mediaType.replace(/^image\//, ''),
          source: { bytes: part.source.data },
        });
        break;
      case 'tool_result':
        toolResults.push(toolResult(part));
        break;
      case 'file':
        throw invalidRequest('Kiro does not accept file attachments.');
      default:
        // Reasoning and tool calls never sit in a user turn of the IR.
        break;
    }
  }
  const message: Record<string, unknown> = {
    content: texts.join('\n\n'),
    modelId,
    origin: ORIGIN,
  };
  if (images.length > 0) message['images'] = images;
  if (toolResults.length > 0) message['userInputMessageContext'] = { toolResults };
  return message;
}

function toolResult(part: ToolResultPart): Record<string, unknown> {
  const text = part.content
    .filter((item) => item.type === 'text')
    .map((item) => item.text)
    .join('\n');
  return {
    toolUseId: part.callId,
    content: [{ text }],
    status: part.isError === true ? 'error' : 'success',
  };
}

function assistantMessage(turn: Turn): Record<string, unknown> {
  const texts: string[] = [];
  const toolUses: Record<string, unknown>[] = [];
  for (const part of turn.parts) {
    if (part.type === 'text') texts.push(part.text);
    else if (part.type === 'tool_call') {
      toolUses.push({
        toolUseId: part.id,
        name: part.name,
        input: argumentsToObject(part.arguments),
      });
    }
    // Reasoning cannot be sent back to Kiro; it is dropped.
  }
  return { content: texts.join('\n\n'), ...(toolUses.length > 0 ? { toolUses } : {}) };
}
