/** Chat Completions request body ↔ IR request: top-level fields, tools and reasoning. */
import { invalidRequest } from '../../shared/errors.js';
import type { BuildOptions } from '../codec.js';
import { isRecord } from '../ir/json.js';
import { budgetToEffort } from '../ir/reasoning.js';
import type {
  ReasoningConfig,
  ReasoningEffort,
  Request,
  ResponseFormat,
  ToolChoice,
} from '../ir/types.js';
import {
  optional,
  parseEffort,
  parseToolChoice,
  parseTools,
  type FunctionFields,
} from '../openai-common/request-fields.js';
import { messagesToChat, parseMessages } from './messages.js';

const FORMAT = 'openai-chat';

/** Top-level fields mapped into the IR; everything else rides in extensions. */
const MAPPED = new Set([
  'model',
  'messages',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'stop',
  'presence_penalty',
  'frequency_penalty',
  'seed',
  'user',
  'reasoning_effort',
  'response_format',
  'stream',
  // Usage on streams is the server's business (EncodeContext.includeUsage); upstream always gets it.
  'stream_options',
]);

const SPELLING: FunctionFields = { fields: (tool) => tool.function, path: '.function' };

export function parseRequest(body: unknown): Request {
  if (!isRecord(body)) throw invalidRequest('Request body must be a JSON object');
  const model = body.model;
  if (typeof model !== 'string' || model === '') {
    throw invalidRequest('`model` must be a non-empty string', 'model');
  }
  const { system, messages } = parseMessages(body.messages);
  const request: Request = {
    model,
    messages,
    // An omitted `stream` means a JSON reply (trap 7).
    stream: optional<boolean>(body, 'stream', 'boolean') ?? false,
  };
  if (system.length > 0) request.system = system;
  if (
    body.stream_options !== undefined &&
    body.stream_options !== null &&
    !isRecord(body.stream_options)
  ) {
    throw invalidRequest('`stream_options` must be an object', 'stream_options');
  }

  const extensions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!MAPPED.has(key)) extensions[key] = value;
  }

  parseTools(body.tools, request, FORMAT, SPELLING);
  const toolChoice = parseToolChoice(
    body.tool_choice,
    SPELLING,
    '{"type": "function", "function": {"name": …}}',
  );
  if (toolChoice !== undefined) request.toolChoice = toolChoice;
  else if (body.tool_choice !== undefined && body.tool_choice !== null) {
    // allowed_tools and custom-tool choices only make sense to a chat upstream.
    extensions.tool_choice = body.tool_choice;
  }
  const parallel = optional<boolean>(body, 'parallel_tool_calls', 'boolean');
  if (parallel !== undefined) request.parallelToolCalls = parallel;
  const maxTokens =
    optional<number>(body, 'max_completion_tokens', 'number') ??
    optional<number>(body, 'max_tokens', 'number');
  if (maxTokens !== undefined) request.maxOutputTokens = maxTokens;
  const temperature = optional<number>(body, 'temperature', 'number');
  if (temperature !== undefined) request.temperature = temperature;
  const topP = optional<number>(body, 'top_p', 'number');
  if (topP !== undefined) request.topP = topP;
  const stop = parseStop(body.stop);
  if (stop !== undefined) request.stopSequences = stop;
  const presence = optional<number>(body, 'presence_penalty', 'number');
  if (presence !== undefined) request.presencePenalty = presence;
  const frequency = optional<number>(body, 'frequency_penalty', 'number');
  if (frequency !== undefined) request.frequencyPenalty = frequency;
  const seed = optional<number>(body, 'seed', 'number');
  if (seed !== undefined) request.seed = seed;
  const user = optional<string>(body, 'user', 'string');
  if (user !== undefined) request.user = user;
  const reasoning = parseReasoningEffort(body.reasoning_effort);
  if (reasoning !== undefined) request.reasoning = reasoning;
  const format = parseResponseFormat(body.response_format);
  if (format !== undefined) request.responseFormat = format;

  if (Object.keys(extensions).length > 0) request.extensions = { [FORMAT]: extensions };
  return request;
}

function parseStop(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) {
    return value as string[];
  }
  throw invalidRequest('`stop` must be a string or an array of strings', 'stop');
}

function parseReasoningEffort(value: unknown): ReasoningConfig | undefined {
  if (value === undefined || value === null) return undefined;
  const effort = parseEffort(value, 'reasoning_effort');
  return { enabled: effort !== 'none', effort };
}

function parseResponseFormat(value: unknown): ResponseFormat | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value))
    throw invalidRequest('`response_format` must be an object', 'response_format');
  if (value.type === 'text' || value.type === 'json_object') return { type: value.type };
  if (value.type !== 'json_schema') {
    throw invalidRequest(
      '`response_format.type` must be text, json_object or json_schema',
      'response_format.type',
    );
  }
  const spec = value.json_schema;
  if (!isRecord(spec) || typeof spec.name !== 'string' || !isRecord(spec.schema)) {
    throw invalidRequest(
      '`response_format.json_schema` needs a string `name` and an object `schema`',
      'response_format.json_schema',
    );
  }
  const format: ResponseFormat = { type: 'json_schema', name: spec.name, schema: spec.schema };
  if (typeof spec.strict === 'boolean') format.strict = spec.strict;
  return format;
}

// ---- IR → chat body ----------------------------------------------------------------------

export function buildRequest(
  request: Request,
  options: BuildOptions = {},
): Record<string, unknown> {
  const { tool_choice: choiceExtension, ...extensions } = request.extensions?.[FORMAT] ?? {};
  const body: Record<string, unknown> = { ...extensions, model: request.model };
  body.messages = messagesToChat(request.system, request.messages, {
    echoReasoningContent: options.echoReasoningContent === true,
  });

  const tools: Record<string, unknown>[] = (request.tools ?? []).map((tool) => ({
    type: 'function',
    function: {
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: tool.parameters,
      ...(tool.strict === undefined ? {} : { strict: tool.strict }),
    },
  }));
  // Hosted tools of other formats mean nothing to a chat upstream.
  for (const tool of request.hostedTools ?? []) if (tool.format === FORMAT) tools.push(tool.raw);
  // OpenAI rejects tool_choice and parallel_tool_calls when no tools are sent.
  if (tools.length > 0) {
    body.tools = tools;
    if (request.toolChoice !== undefined) body.tool_choice = renderToolChoice(request.toolChoice);
    else if (choiceExtension !== undefined) body.tool_choice = choiceExtension;
    if (request.parallelToolCalls !== undefined) {
      body.parallel_tool_calls = request.parallelToolCalls;
    }
  }
  if (request.maxOutputTokens !== undefined) {
    const key = options.useMaxCompletionTokens === true ? 'max_completion_tokens' : 'max_tokens';
    body[key] = request.maxOutputTokens;
  }
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) {
    body.stop = request.stopSequences;
  }
  if (request.presencePenalty !== undefined) body.presence_penalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) body.frequency_penalty = request.frequencyPenalty;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.user !== undefined) body.user = request.user;
  const effort = reasoningEffort(request.reasoning);
  if (effort !== undefined) body.reasoning_effort = effort;
  if (request.responseFormat !== undefined) {
    body.response_format = renderResponseFormat(request.responseFormat);
  }
  if (request.stream) {
    body.stream = true;
    // Always ask: usage is recorded for every request, whatever the client wanted.
    body.stream_options = { include_usage: true };
  }
  return body;
}

function renderToolChoice(choice: ToolChoice): unknown {
  return choice.type === 'tool'
    ? { type: 'function', function: { name: choice.name } }
    : choice.type;
}

/** The effort to send; disabled or unknown reasoning leaves the model's default alone. */
function reasoningEffort(reasoning: ReasoningConfig | undefined): ReasoningEffort | undefined {
  if (reasoning === undefined || !reasoning.enabled) return undefined;
  const effort =
    reasoning.effort ??
    (reasoning.budgetTokens === undefined ? undefined : budgetToEffort(reasoning.budgetTokens));
  return effort === 'none' ? undefined : effort;
}

function renderResponseFormat(format: ResponseFormat): Record<string, unknown> {
  if (format.type !== 'json_schema') return { type: format.type };
  return {
    type: 'json_schema',
    json_schema: {
      name: format.name,
      schema: format.schema,
      ...(format.strict === undefined ? {} : { strict: format.strict }),
    },
  };
}
