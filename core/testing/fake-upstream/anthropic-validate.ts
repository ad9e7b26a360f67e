// Request checks of the Anthropic Messages fake, worded like the real API's 400 messages.
import { isRecord } from './http-helpers.js';
import type { Signer } from './signing.js';

export const INVALID_THINKING_SIGNATURE = 'Invalid signature in thinking block';

const ID_PATTERN = /^[a-zA-Z0-9_-]+$/;
const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,128}$/;
const THINKING_DOCS =
  'https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size';

/** The 400 message for a Messages (or count_tokens) body, or undefined when it is acceptable. */
export function anthropicRequestProblem(
  body: Record<string, unknown>,
  signer: Signer,
  countOnly: boolean,
): string | undefined {
  if (typeof body.model !== 'string' || body.model === '') return 'model: Field required';
  if (!countOnly) {
    if (body.max_tokens === undefined) return 'max_tokens: Field required';
    if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1) {
      return 'max_tokens: Input should be a valid integer greater than or equal to 1';
    }
  }
  const messages = body.messages;
  if (messages === undefined) return 'messages: Field required';
  if (!Array.isArray(messages)) return 'messages: Input should be a valid list';
  if (messages.length === 0) return 'messages: at least one message is required';
  return (
    thinkingConfigProblem(body, countOnly) ??
    toolsProblem(body.tools) ??
    messagesProblem(messages, signer)
  );
}

function thinkingConfigProblem(
  body: Record<string, unknown>,
  countOnly: boolean,
): string | undefined {
  const thinking = body.thinking;
  if (!isRecord(thinking) || thinking.type !== 'enabled') return undefined;
  const budget = thinking.budget_tokens;
  if (typeof budget !== 'number') return 'thinking.enabled.budget_tokens: Field required';
  if (budget < 1024) {
    return 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024';
  }
  if (!countOnly && typeof body.max_tokens === 'number' && body.max_tokens <= budget) {
    return (
      '`max_tokens` must be greater than `thinking.budget_tokens`. ' +
      `Please consult our documentation at ${THINKING_DOCS}`
    );
  }
  return undefined;
}

function toolsProblem(tools: unknown): string | undefined {
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools)) return 'tools: Input should be a valid list';
  for (const [k, tool] of tools.entries()) {
    if (!isRecord(tool)) return `tools.${k}: Input should be a valid dictionary`;
    if (tool.type !== undefined && tool.type !== 'custom') continue;
    if (typeof tool.name !== 'string' || !TOOL_NAME_PATTERN.test(tool.name)) {
      return `tools.${k}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`;
    }
    if (!isRecord(tool.input_schema)) return `tools.${k}.custom.input_schema: Field required`;
  }
  return undefined;
}

function blocksOf(message: Record<string, unknown>): Record<string, unknown>[] {
  return Array.isArray(message.content) ? message.content.filter(isRecord) : [];
}

function messagesProblem(messages: unknown[], signer: Signer): string | undefined {
  // tool_use ids of the previous assistant message, which the next message must answer.
  let pending: string[] = [];
  for (const [i, message] of messages.entries()) {
    if (!isRecord(message)) return `messages.${i}: Input should be a valid dictionary`;
    const role = message.role;
    if (role !== 'user' && role !== 'assistant') {
      return `messages.${i}.role: Input should be 'user' or 'assistant'`;
    }
    if (i === 0 && role !== 'user') return 'messages: first message must use the "user" role';
    if (typeof message.content !== 'string' && !Array.isArray(message.content)) {
      return `messages.${i}.content: Input should be a valid string or list`;
    }
    const blocks = blocksOf(message);
    const answered = new Set<string>();
    for (const [j, block] of blocks.entries()) {
      const problem = blockProblem(block, `messages.${i}.content.${j}`, role, signer);
      if (problem !== undefined) return problem;
      if (block.type === 'tool_result') {
        const id = block.tool_use_id as string;
        if (!pending.includes(id)) {
          return (
            `messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` ` +
            `blocks: ${id}. Each \`tool_result\` block must have a corresponding \`tool_use\` ` +
            'block in the previous message.'
          );
        }
        answered.add(id);
      }
    }
    const missing = pending.filter((id) => !answered.has(id));
    if (missing.length > 0) return unansweredToolUse(i, missing);
    pending = role === 'assistant' ? toolUseIds(blocks) : [];
  }
  if (pending.length > 0) return unansweredToolUse(messages.length, pending);
  return undefined;
}

function toolUseIds(blocks: Record<string, unknown>[]): string[] {
  return blocks.filter((block) => block.type === 'tool_use').map((block) => block.id as string);
}

function unansweredToolUse(index: number, ids: string[]): string {
  return (
    `messages.${index}: \`tool_use\` ids were found without \`tool_result\` blocks immediately ` +
    `after: ${ids.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` ` +
    'block in the next message.'
  );
}

function blockProblem(
  block: Record<string, unknown>,
  where: string,
  role: 'user' | 'assistant',
  signer: Signer,
): string | undefined {
  switch (block.type) {
    case 'tool_use':
      if (role !== 'assistant')
        return `${where}: tool_use blocks are only allowed in assistant messages`;
      if (typeof block.id !== 'string' || !ID_PATTERN.test(block.id)) {
        return `${where}.tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'`;
      }
      if (typeof block.name !== 'string') return `${where}.tool_use.name: Field required`;
      return isRecord(block.input)
        ? undefined
        : `${where}.tool_use.input: Input should be a valid dictionary`;
    case 'tool_result':
      if (role !== 'user') return `${where}: tool_result blocks are only allowed in user messages`;
      if (typeof block.tool_use_id !== 'string' || !ID_PATTERN.test(block.tool_use_id)) {
        return `${where}.tool_result.tool_use_id: String should match pattern '^[a-zA-Z0-9_-]+$'`;
      }
      return undefined;
    case 'thinking':
      if (typeof block.thinking !== 'string') return `${where}.thinking.thinking: Field required`;
      if (typeof block.signature !== 'string') return `${where}.thinking.signature: Field required`;
      return signer.verify(block.thinking, block.signature)
        ? undefined
        : INVALID_THINKING_SIGNATURE;
    case 'text':
      return typeof block.text === 'string' ? undefined : `${where}.text.text: Field required`;
    default:
      return undefined;
  }
}
