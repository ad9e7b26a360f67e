/** Anthropic Messages request body ↔ IR request. */
import { invalidRequest } from '../../shared/errors.js';
import { isRecord } from '../ir/json.js';
import { budgetToEffort, effortToBudget } from '../ir/reasoning.js';
import type {
  HostedTool,
  Message,
  ReasoningConfig,
  ReasoningEffort,
  Request,
  TextPart,
  ToolChoice,
  ToolDefinition,
} from '../ir/types.js';
import { parseContent, parseText } from './blocks.js';
import {
  optionalBoolean,
  optionalNumber,
  optionalRecord,
  optionalString,
  readCache,
  requiredString,
  writeCache,
} from './fields.js';
import type { Json } from './fields.js';
import { upstreamBlocks } from './render.js';

const FORMAT = 'anthropic';

/** Top-level fields mapped into the IR; everything else rides in `extensions.anthropic`. */
const MAPPED: ReadonlySet<string> = new Set([
  'model',
  'max_tokens',
  'system',
  'messages',
  'tools',
  'tool_choice',
  'thinking',
  'temperature',
  'top_p',
  'top_k',
  'stop_sequences',
  'metadata',
  'stream',
]);

/** Anthropic's `output_config.effort` levels in IR terms. */
const EFFORT_FROM_ANTHROPIC: Record<string, ReasoningEffort> = {
  low: 'low',
  medium: 'medium',
  high: 'high',
  max: 'xhigh',
};

export type BodyKind = 'messages' | 'count_tokens';

function parseSystem(value: unknown): TextPart[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value === '' ? undefined : [{ type: 'text', text: value }];
  if (!Array.isArray(value)) throw invalidRequest('system must be a string or an array', 'system');
  const parts = value.map((block, i) => {
    const path = `system[${i}]`;
    if (!isRecord(block) || block.type !== 'text') {
      throw invalidRequest(`${path} must be a text block`, path);
    }
    return parseText(block, path);
  });
  return parts.length === 0 ? undefined : parts;
}

function parseMessages(value: unknown): Message[] {
  if (value === undefined) throw invalidRequest('messages is required', 'messages');
  if (!Array.isArray(value)) throw invalidRequest('messages must be an array', 'messages');
  if (value.length === 0) throw invalidRequest('messages must not be empty', 'messages');
  return value.map((message, i) => {
    const path = `messages[${i}]`;
    if (!isRecord(message)) throw invalidRequest(`${path} must be an object`, path);
    const role = message.role;
    if (role !== 'user' && role !== 'assistant') {
      throw invalidRequest(`${path}.role must be "user" or "assistant"`, `${path}.role`);
    }
    return { role, content: parseContent(message.content, `${path}.content`, role) };
  });
}

function parseTools(value: unknown, request: Request): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) throw invalidRequest('tools must be an array', 'tools');
  const tools: ToolDefinition[] = [];
  const hosted: HostedTool[] = [];
  value.forEach((tool, i) => {
    const path = `tools[${i}]`;
    if (!isRecord(tool)) throw invalidRequest(`${path} must be an object`, path);
    // Versioned server and client tools (web_search_20250305, bash_20250124…) only Anthropic runs.
    if (tool.type !== undefined && tool.type !== null && tool.type !== 'custom') {
      hosted.push({ format: FORMAT, raw: tool });
      return;
    }
    const schema = optionalRecord(tool, 'input_schema', path);
    if (schema === undefined) {
      throw invalidRequest(`${path}.input_schema is required`, `${path}.input_schema`);
    }
    const definition: ToolDefinition = {
      name: requiredString(tool, 'name', path),
      parameters: schema,
    };
    const description = optionalString(tool, 'description', path);
    if (description !== undefined) definition.description = description;
    const strict = optionalBoolean(tool, 'strict', path);
    if (strict !== undefined) definition.strict = strict;
    const cache = readCache(tool, path);
    if (cache !== undefined) definition.cache = cache;
    tools.push(definition);
  });
  if (tools.length > 0) request.tools = tools;
  if (hosted.length > 0) request.hostedTools = hosted;
}

function parseToolChoice(value: unknown, request: Request): void {
  if (value === undefined || value === null) return;
  if (!isRecord(value)) throw invalidRequest('tool_choice must be an object', 'tool_choice');
  let choice: ToolChoice;
  switch (value.type) {
    case 'auto':
    case 'none':
      choice = { type: value.type };
      break;
    case 'any':
      choice = { type: 'required' };
      break;
    case 'tool':
      choice = { type: 'tool', name: requiredString(value, 'name', 'tool_choice') };
      break;
    default:
      throw invalidRequest(
        'tool_choice.type must be "auto", "any", "none" or "tool"',
        'tool_choice.type',
      );
  }
  request.toolChoice = choice;
  const disable = optionalBoolean(value, 'disable_parallel_tool_use', 'tool_choice');
  if (disable !== undefined) request.parallelToolCalls = !disable;
}

function parseThinking(value: unknown, ext: Json): ReasoningConfig | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw invalidRequest('thinking must be an object', 'thinking');
  switch (value.type) {
    case 'enabled': {
      const budget = optionalNumber(value, 'budget_tokens', 'thinking');
      if (budget === undefined || !Number.isInteger(budget)) {
        throw invalidRequest(
          'thinking.budget_tokens must be an integer when thinking is enabled',
          'thinking.budget_tokens',
        );
      }
      return { enabled: true, budgetTokens: budget, effort: budgetToEffort(budget) };
    }
    case 'disabled':
      return { enabled: false };
    case 'adaptive':
      // The model picks its own budget; remembered so an Anthropic upstream gets it back.
      ext.thinking = value;
      return { enabled: true };
    default:
      throw invalidRequest(
        'thinking.type must be "enabled", "disabled" or "adaptive"',
        'thinking.type',
      );
  }
}

/** `output_config.effort` refines (or, alone, asks for) reasoning effort. */
function applyEffort(outputConfig: unknown, request: Request): void {
  if (!isRecord(outputConfig)) return;
  const raw = optionalString(outputConfig, 'effort', 'output_config');
  if (raw === undefined) return;
  const effort = EFFORT_FROM_ANTHROPIC[raw];
  if (effort === undefined) {
    throw invalidRequest(
      'output_config.effort must be "low", "medium", "high" or "max"',
      'output_config.effort',
    );
  }
  if (request.reasoning === undefined) request.reasoning = { enabled: true, effort };
  else if (request.reasoning.enabled) request.reasoning.effort = effort;
}

/** Structured outputs: `output_format` (beta) or `output_config.format`. */
function applyOutputFormat(body: Json, request: Request): void {
  const config = isRecord(body.output_config) ? body.output_config.format : undefined;
  const format = body.output_format ?? config;
  if (!isRecord(format) || format.type !== 'json_schema' || !isRecord(format.schema)) return;
  request.responseFormat = { type: 'json_schema', name: 'output', schema: format.schema };
}

function parseMaxTokens(body: Json, kind: BodyKind): number | undefined {
  const value = body.max_tokens;
  if (kind === 'count_tokens') {
    // count_tokens takes no max_tokens; a stray one is harmless.
    return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
  }
  if (value === undefined || value === null)
    throw invalidRequest('max_tokens is required', 'max_tokens');
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalidRequest('max_tokens must be an integer greater than 0', 'max_tokens');
  }
  return value;
}

function parseStopSequences(body: Json): string[] | undefined {
  const value = body.stop_sequences;
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string')) {
    throw invalidRequest('stop_sequences must be an array of strings', 'stop_sequences');
  }
  return value.length === 0 ? undefined : (value as string[]);
}

/** Shared by `/v1/messages` and `/v1/messages/count_tokens` (which needs no max_tokens). */
export function parseAnthropicBody(body: unknown, kind: BodyKind): Request {
  if (!isRecord(body)) throw invalidRequest('Request body must be a JSON object');
  const model = body.model;
  if (typeof model !== 'string' || model === '') throw invalidRequest('model is required', 'model');
  const maxTokens = parseMaxTokens(body, kind);
  const request: Request = {
    model,
    messages: parseMessages(body.messages),
    // An omitted `stream` means a JSON reply (trap 7).
    stream: optionalBoolean(body, 'stream', '') ?? false,
  };
  if (maxTokens !== undefined) request.maxOutputTokens = maxTokens;

  const ext: Json = {};
  for (const [key, value] of Object.entries(body)) {
    if (!MAPPED.has(key) && value !== undefined) ext[key] = value;
  }

  const system = parseSystem(body.system);
  if (system !== undefined) request.system = system;
  parseTools(body.tools, request);
  parseToolChoice(body.tool_choice, request);
  const reasoning = parseThinking(body.thinking, ext);
  if (reasoning !== undefined) request.reasoning = reasoning;
  applyEffort(optionalRecord(body, 'output_config', ''), request);
  applyOutputFormat(body, request);

  const temperature = optionalNumber(body, 'temperature', '');
  if (temperature !== undefined) request.temperature = temperature;
  const topP = optionalNumber(body, 'top_p', '');
  if (topP !== undefined) request.topP = topP;
  const topK = optionalNumber(body, 'top_k', '');
  if (topK !== undefined) request.topK = topK;
  const stops = parseStopSequences(body);
  if (stops !== undefined) request.stopSequences = stops;

  const metadata = optionalRecord(body, 'metadata', '');
  if (metadata !== undefined) {
    const user = optionalString(metadata, 'user_id', 'metadata');
    if (user !== undefined) request.user = user;
    ext.metadata = metadata;
  }

  if (Object.keys(ext).length > 0) request.extensions = { [FORMAT]: ext };
  return request;
}

export function parseRequest(body: unknown): Request {
  return parseAnthropicBody(body, 'messages');
}

// ---- IR → Messages body -----------------------------------------------------------------

/** Anthropic requires max_tokens; this is the answer room when a client set no limit. */
const DEFAULT_MAX_TOKENS = 8192;
/** Room for the answer on top of a thinking budget that exceeds the default. */
const ANSWER_HEADROOM = 4096;
/** The smallest thinking budget Anthropic accepts. */
const MIN_BUDGET = 1024;

interface Thinking {
  thinking?: Json;
  maxTokens: number;
}

function isForcedToolChoice(choice: ToolChoice | undefined): boolean {
  return choice?.type === 'required' || choice?.type === 'tool';
}

/**
 * True when the request continues a tool loop whose assistant turn has no thinking
 * block: Anthropic then rejects enabled thinking ("a final assistant message must
 * start with a thinking block"). That happens only when the signed thinking was lost
 * (minted by another provider); the engine's reasoning memory restores our own.
 */
function unsignedToolLoop(messages: readonly Json[]): boolean {
  const last = messages.at(-1);
  const blocksOf = (m: Json | undefined): Json[] =>
    Array.isArray(m?.content) ? m.content.filter(isRecord) : [];
  if (last?.role !== 'user' || !blocksOf(last).some((b) => b.type === 'tool_result')) return false;
  const assistant = messages.at(-2);
  if (assistant?.role !== 'assistant') return false;
  const blocks = blocksOf(assistant);
  const first = blocks[0]?.type;
  return (
    blocks.some((b) => b.type === 'tool_use') &&
    first !== 'thinking' &&
    first !== 'redacted_thinking'
  );
}

/**
 * Thinking config and max_tokens together, since Anthropic requires
 * 1024 ≤ budget_tokens < max_tokens. Effort maps to a budget only through
 * ir/reasoning.ts. Thinking stays on for tool rounds (trap 2).
 */
function planThinking(request: Request, messages: readonly Json[], adaptive: boolean): Thinking {
  const limit = request.maxOutputTokens;
  const reasoning = request.reasoning;
  const wanted =
    reasoning?.enabled === true && reasoning.effort !== 'none' && reasoning.budgetTokens !== 0;
  const off: Thinking = { maxTokens: limit ?? DEFAULT_MAX_TOKENS };
  if (!wanted) {
    if (reasoning !== undefined) off.thinking = { type: 'disabled' };
    return off;
  }
  // Anthropic: "Thinking may not be enabled when tool_choice forces tool use." The
  // client's forced tool is the harder contract, so thinking gives way for this turn.
  if (isForcedToolChoice(request.toolChoice) || unsignedToolLoop(messages)) return off;
  if (adaptive && reasoning.budgetTokens === undefined && reasoning.effort === undefined) {
    return { thinking: { type: 'adaptive' }, maxTokens: off.maxTokens };
  }
  let budget = Math.max(
    MIN_BUDGET,
    reasoning.budgetTokens ?? effortToBudget(reasoning.effort ?? 'medium'),
  );
  let maxTokens: number;
  if (limit === undefined) {
    maxTokens = budget >= DEFAULT_MAX_TOKENS ? budget + ANSWER_HEADROOM : DEFAULT_MAX_TOKENS;
  } else if (limit > budget) {
    maxTokens = limit;
  } else if (limit > MIN_BUDGET) {
    // The client's limit covers thinking and answer (as in every format): split it.
    budget = Math.max(MIN_BUDGET, Math.floor(limit / 2));
    maxTokens = limit;
  } else {
    // Anthropic cannot think in fewer than 1024 tokens; the answer keeps the client's limit.
    budget = MIN_BUDGET;
    maxTokens = MIN_BUDGET + limit;
  }
  return { thinking: { type: 'enabled', budget_tokens: budget }, maxTokens };
}

/** Merges same-role neighbours and puts tool results first, as Anthropic requires. */
export function buildMessages(messages: readonly Message[]): Json[] {
  const out: { role: Message['role']; content: Json[] }[] = [];
  messages.forEach((message, i) => {
    const blocks = upstreamBlocks(message.content, `messages[${i}]`);
    if (blocks.length === 0) return;
    const last = out.at(-1);
    if (last !== undefined && last.role === message.role) last.content.push(...blocks);
    else out.push({ role: message.role, content: blocks });
  });
  for (const message of out) {
    if (message.role !== 'user') continue;
    // "tool_result blocks must come first in the user message's content."
    const results = message.content.filter((b) => b.type === 'tool_result');
    if (results.length === 0) continue;
    message.content = [...results, ...message.content.filter((b) => b.type !== 'tool_result')];
  }
  return out.map((m) => ({ role: m.role, content: m.content }));
}

export function buildSystem(system: readonly TextPart[] | undefined): Json[] | undefined {
  const blocks = (system ?? [])
    .filter((part) => part.text !== '')
    .map((part) => writeCache({ type: 'text', text: part.text }, part.cache));
  return blocks.length === 0 ? undefined : blocks;
}

function toolSchema(parameters: Record<string, unknown>): Json {
  // Anthropic insists on an object schema; OpenAI clients may send `{}`.
  return parameters.type === undefined ? { type: 'object', ...parameters } : parameters;
}

export function buildTools(request: Request): Json[] | undefined {
  const tools: Json[] = (request.tools ?? []).map((tool) => {
    const out: Json = { name: tool.name };
    if (tool.description !== undefined) out.description = tool.description;
    out.input_schema = toolSchema(tool.parameters);
    // `strict` needs Anthropic's structured-outputs beta header, which Switchyard does not send.
    return writeCache(out, tool.cache);
  });
  for (const tool of request.hostedTools ?? []) if (tool.format === FORMAT) tools.push(tool.raw);
  return tools.length === 0 ? undefined : tools;
}

export function buildToolChoice(request: Request): Json | undefined {
  const choice = request.toolChoice;
  const noParallel = request.parallelToolCalls === false;
  if (choice === undefined)
    return noParallel ? { type: 'auto', disable_parallel_tool_use: true } : undefined;
  if (choice.type === 'none') return { type: 'none' };
  const out: Json =
    choice.type === 'tool'
      ? { type: 'tool', name: choice.name }
      : { type: choice.type === 'required' ? 'any' : 'auto' };
  if (noParallel) out.disable_parallel_tool_use = true;
  return out;
}

export function buildRequest(request: Request): Record<string, unknown> {
  // Only our own format's leftovers are restored; another format's would be rejected.
  const { metadata, thinking: thinkingExt, ...rest } = request.extensions?.[FORMAT] ?? {};
  const messages = buildMessages(request.messages);
  const adaptive = isRecord(thinkingExt) && thinkingExt.type === 'adaptive';
  const plan = planThinking(request, messages, adaptive);
  const body: Json = { ...rest, model: request.model, max_tokens: plan.maxTokens };
  const system = buildSystem(request.system);
  if (system !== undefined) body.system = system;
  body.messages = messages;
  const tools = buildTools(request);
  if (tools !== undefined) {
    body.tools = tools;
    // A tool_choice without tools is an error upstream.
    const choice = buildToolChoice(request);
    if (choice !== undefined) body.tool_choice = choice;
  }
  const thinkingOn = plan.thinking !== undefined && plan.thinking.type !== 'disabled';
  if (plan.thinking !== undefined) body.thinking = plan.thinking;
  // With thinking on, Anthropic rejects any temperature but 1 and any top_k, and
  // only accepts top_p in [0.95, 1]; those sampling knobs give way to thinking.
  if (request.temperature !== undefined && !thinkingOn) body.temperature = request.temperature;
  if (request.topP !== undefined && (!thinkingOn || request.topP >= 0.95))
    body.top_p = request.topP;
  if (request.topK !== undefined && !thinkingOn) body.top_k = request.topK;
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) {
    body.stop_sequences = request.stopSequences;
  }
  // metadata.user_id must be an opaque id; only an Anthropic client's own is forwarded,
  // never another format's `user` (which may be an email address).
  if (isRecord(metadata)) {
    body.metadata = request.user === undefined ? metadata : { ...metadata, user_id: request.user };
  }
  // responseFormat is not mapped: Anthropic's structured outputs need a beta header;
  // an Anthropic client's own output_format rides back in the extensions above.
  if (request.stream) body.stream = true;
  return body;
}
