/** Responses request body ↔ IR request: top-level fields, tools and reasoning. */
import { invalidRequest } from '../../shared/errors.js';
import { isRecord } from '../ir/json.js';
import { budgetToEffort } from '../ir/reasoning.js';
import type {
  ReasoningConfig,
  Request,
  ResponseFormat,
  TextPart,
  ToolChoice,
} from '../ir/types.js';
import {
  optional,
  parseEffort,
  parseToolChoice,
  parseTools,
  type FunctionFields,
} from '../openai-common/request-fields.js';
import { messagesToInput, parseInput } from './input.js';

const FORMAT = 'openai-responses';

/** Top-level fields mapped into the IR; everything else rides in extensions. */
const MAPPED = new Set([
  'model',
  'instructions',
  'input',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'max_output_tokens',
  'temperature',
  'top_p',
  'reasoning',
  'text',
  'user',
  'stream',
]);

const SPELLING: FunctionFields = { fields: (tool) => tool, path: '' };

export function parseRequest(body: unknown): Request {
  if (!isRecord(body)) throw invalidRequest('Request body must be a JSON object');
  const model = body.model;
  if (typeof model !== 'string' || model === '') {
    throw invalidRequest('`model` must be a non-empty string', 'model');
  }
  if (body.input === undefined) throw invalidRequest('`input` is required', 'input');
  const { system: inputSystem, messages } = parseInput(body.input);
  if (messages.length === 0) {
    throw invalidRequest('`input` must contain at least one user or assistant item', 'input');
  }

  const request: Request = {
    model,
    messages,
    stream: optional<boolean>(body, 'stream', 'boolean') ?? false,
  };
  const instructions = optional<string>(body, 'instructions', 'string');
  const system: TextPart[] = [
    ...(instructions === undefined || instructions === ''
      ? []
      : [{ type: 'text' as const, text: instructions }]),
    ...inputSystem,
  ];
  if (system.length > 0) request.system = system;

  const extensions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!MAPPED.has(key)) extensions[key] = value;
  }

  parseTools(body.tools, request, FORMAT, SPELLING);
  const toolChoice = parseToolChoice(body.tool_choice, SPELLING, '{"type": "function", "name": …}');
  if (toolChoice !== undefined) request.toolChoice = toolChoice;
  else if (body.tool_choice !== undefined && body.tool_choice !== null) {
    // Hosted or allowed-tools choices only make sense to a Responses upstream.
    extensions.tool_choice = body.tool_choice;
  }
  const parallel = optional<boolean>(body, 'parallel_tool_calls', 'boolean');
  if (parallel !== undefined) request.parallelToolCalls = parallel;
  const maxTokens = optional<number>(body, 'max_output_tokens', 'number');
  if (maxTokens !== undefined) request.maxOutputTokens = maxTokens;
  const temperature = optional<number>(body, 'temperature', 'number');
  if (temperature !== undefined) request.temperature = temperature;
  const topP = optional<number>(body, 'top_p', 'number');
  if (topP !== undefined) request.topP = topP;
  const user = optional<string>(body, 'user', 'string');
  if (user !== undefined) request.user = user;
  const reasoning = parseReasoning(body.reasoning);
  if (reasoning !== undefined) request.reasoning = reasoning;
  parseText(body.text, request, extensions);

  if (Object.keys(extensions).length > 0) request.extensions = { [FORMAT]: extensions };
  return request;
}

function parseReasoning(value: unknown): ReasoningConfig | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw invalidRequest('`reasoning` must be an object', 'reasoning');
  const config: ReasoningConfig = { enabled: value.effort !== 'none' };
  if (value.effort !== undefined && value.effort !== null) {
    config.effort = parseEffort(value.effort, 'reasoning.effort');
  }
  if (typeof value.summary === 'string') config.summary = value.summary;
  return config;
}

function parseText(value: unknown, request: Request, extensions: Record<string, unknown>): void {
  if (value === undefined || value === null) return;
  if (!isRecord(value)) throw invalidRequest('`text` must be an object', 'text');
  const { format, ...rest } = value;
  // `text.verbosity` and friends have no IR slot; keep them for a Responses upstream.
  if (Object.keys(rest).length > 0) extensions.text = rest;
  if (format === undefined || format === null) return;
  if (!isRecord(format)) throw invalidRequest('`text.format` must be an object', 'text.format');
  if (format.type === 'text' || format.type === 'json_object') {
    request.responseFormat = { type: format.type };
    return;
  }
  if (format.type !== 'json_schema') {
    throw invalidRequest(
      '`text.format.type` must be text, json_object or json_schema',
      'text.format.type',
    );
  }
  if (typeof format.name !== 'string' || !isRecord(format.schema)) {
    throw invalidRequest(
      '`text.format` of type json_schema needs a string `name` and an object `schema`',
      'text.format',
    );
  }
  const schema: ResponseFormat = { type: 'json_schema', name: format.name, schema: format.schema };
  if (typeof format.strict === 'boolean') schema.strict = format.strict;
  request.responseFormat = schema;
}

// ---- IR → Responses body ----------------------------------------------------------------

export function buildRequest(request: Request): Record<string, unknown> {
  const {
    text: textExtension,
    tool_choice: choiceExtension,
    ...extensions
  } = request.extensions?.[FORMAT] ?? {};
  const body: Record<string, unknown> = { ...extensions, model: request.model };
  if (request.system !== undefined && request.system.length > 0) {
    body.instructions = request.system.map((part) => part.text).join('\n\n');
  }
  body.input = messagesToInput(request.messages);

  const tools: Record<string, unknown>[] = (request.tools ?? []).map((tool) => ({
    type: 'function',
    name: tool.name,
    ...(tool.description === undefined ? {} : { description: tool.description }),
    parameters: tool.parameters,
    // Responses treats an omitted `strict` as strict mode, which rejects ordinary schemas.
    strict: tool.strict ?? false,
  }));
  for (const tool of request.hostedTools ?? []) if (tool.format === FORMAT) tools.push(tool.raw);
  if (tools.length > 0) body.tools = tools;

  if (request.toolChoice !== undefined) body.tool_choice = renderToolChoice(request.toolChoice);
  else if (choiceExtension !== undefined) body.tool_choice = choiceExtension;
  if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  if (request.maxOutputTokens !== undefined) body.max_output_tokens = request.maxOutputTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.user !== undefined) body.user = request.user;
  applyReasoning(request.reasoning, body);

  const format = renderFormat(request.responseFormat);
  if (format !== undefined || isRecord(textExtension)) {
    body.text = {
      ...(isRecord(textExtension) ? textExtension : {}),
      ...(format === undefined ? {} : { format }),
    };
  }
  if (request.stream) body.stream = true;
  return body;
}

function renderToolChoice(choice: ToolChoice): unknown {
  return choice.type === 'tool' ? { type: 'function', name: choice.name } : choice.type;
}

function applyReasoning(
  reasoning: ReasoningConfig | undefined,
  body: Record<string, unknown>,
): void {
  if (reasoning === undefined) return;
  const effort =
    reasoning.effort ??
    (reasoning.budgetTokens === undefined ? undefined : budgetToEffort(reasoning.budgetTokens));
  if (!reasoning.enabled) {
    // Only an explicit "none" has a Responses spelling; otherwise leave the model default.
    if (effort === 'none') body.reasoning = { effort: 'none' };
    return;
  }
  body.reasoning = {
    ...(effort === undefined ? {} : { effort }),
    ...(reasoning.summary === undefined ? {} : { summary: reasoning.summary }),
  };
  // Stateless multi-turn reasoning needs the encrypted items back; a client's own choice wins.
  if (body.include === undefined) body.include = ['reasoning.encrypted_content'];
  if (body.store === undefined) body.store = false;
}

function renderFormat(format: ResponseFormat | undefined): Record<string, unknown> | undefined {
  if (format === undefined) return undefined;
  if (format.type !== 'json_schema') return { type: format.type };
  return {
    type: 'json_schema',
    name: format.name,
    schema: format.schema,
    ...(format.strict === undefined ? {} : { strict: format.strict }),
  };
}
