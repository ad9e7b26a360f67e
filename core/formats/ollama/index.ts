/**
 * Ollama's native chat API (`/api/chat`), inbound only: tools such as Open
 * WebUI speak it, and Switchyard answers it from any upstream. Streams are
 * NDJSON, and unlike the other formats `stream` defaults to true.
 */
import { invalidRequest, type SwitchyardError } from '../../shared/errors.js';
import type { EncodeContext, InboundCodec, RenderedError, StreamEncoder } from '../codec.js';
import { argumentsToObject, isRecord } from '../ir/json.js';
import type {
  ContentPart,
  Message,
  Request,
  Response,
  StreamEvent,
  TextPart,
  ToolDefinition,
  UpstreamErrorInfo,
  Usage,
} from '../ir/types.js';

function parseMessages(raw: unknown): { system: TextPart[]; messages: Message[] } {
  if (!Array.isArray(raw) || raw.length === 0) {
    throw invalidRequest('messages must be a non-empty array', 'messages');
  }
  const system: TextPart[] = [];
  const messages: Message[] = [];
  // Ollama tool results carry no call id: match them, in order, to the last assistant's calls.
  let openCalls: { id: string; name: string }[] = [];
  raw.forEach((entry, index) => {
    if (!isRecord(entry)) throw invalidRequest(`messages[${index}] must be an object`, 'messages');
    const role = entry['role'];
    const text = typeof entry['content'] === 'string' ? entry['content'] : '';
    if (role === 'system') {
      system.push({ type: 'text', text });
      return;
    }
    if (role === 'tool') {
      const name = typeof entry['tool_name'] === 'string' ? entry['tool_name'] : undefined;
      const at = openCalls.findIndex((call) => name === undefined || call.name === name);
      const call = at === -1 ? undefined : openCalls.splice(at, 1)[0];
      const part: ContentPart = {
        type: 'tool_result',
        callId: call?.id ?? `call_${index}_0`,
        content: [{ type: 'text', text }],
      };
      const resolvedName = name ?? call?.name;
      if (resolvedName !== undefined) part.name = resolvedName;
      appendTo(messages, 'user', [part]);
      return;
    }
    if (role !== 'user' && role !== 'assistant') {
      throw invalidRequest(
        `messages[${index}].role must be system, user, assistant or tool`,
        'messages',
      );
    }
    const content: ContentPart[] = [];
    if (role === 'assistant' && typeof entry['thinking'] === 'string' && entry['thinking'] !== '') {
      content.push({ type: 'reasoning', text: entry['thinking'] });
    }
    if (text !== '') content.push({ type: 'text', text });
    for (const image of Array.isArray(entry['images']) ? entry['images'] : []) {
      if (typeof image === 'string') {
        content.push({
          type: 'image',
          source: { kind: 'base64', mediaType: sniffImageType(image), data: image },
        });
      }
    }
    if (role === 'assistant') {
      openCalls = [];
      const calls = Array.isArray(entry['tool_calls']) ? entry['tool_calls'] : [];
      calls.forEach((call, callIndex) => {
        const fn = isRecord(call) && isRecord(call['function']) ? call['function'] : undefined;
        if (fn === undefined || typeof fn['name'] !== 'string') {
          throw invalidRequest(
            `messages[${index}].tool_calls[${callIndex}].function.name is required`,
            'messages',
          );
        }
        const id = `call_${index}_${callIndex}`;
        openCalls.push({ id, name: fn['name'] });
        content.push({
          type: 'tool_call',
          id,
          name: fn['name'],
          arguments: JSON.stringify(fn['arguments'] ?? {}),
        });
      });
    }
    appendTo(messages, role, content);
  });
  return { system, messages };
}

function appendTo(messages: Message[], role: Message['role'], content: ContentPart[]): void {
  const last = messages.at(-1);
  if (last?.role === role) last.content.push(...content);
  else messages.push({ role, content });
}

function sniffImageType(base64: string): string {
  if (base64.startsWith('/9j/')) return 'image/jpeg';
  if (base64.startsWith('R0lGOD')) return 'image/gif';
  if (base64.startsWith('UklGR')) return 'image/webp';
  return 'image/png';
}

function parseTools(raw: unknown): ToolDefinition[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) throw invalidRequest('tools must be an array', 'tools');
  return raw.map((tool, index) => {
    const fn = isRecord(tool) && isRecord(tool['function']) ? tool['function'] : undefined;
    if (fn === undefined || typeof fn['name'] !== 'string') {
      throw invalidRequest(`tools[${index}].function.name is required`, 'tools');
    }
    const definition: ToolDefinition = {
      name: fn['name'],
      parameters: isRecord(fn['parameters'])
        ? fn['parameters']
        : { type: 'object', properties: {} },
    };
    if (typeof fn['description'] === 'string') definition.description = fn['description'];
    return definition;
  });
}

function parseRequest(body: unknown): Request {
  if (!isRecord(body)) throw invalidRequest('The request body must be a JSON object');
  if (typeof body['model'] !== 'string' || body['model'] === '') {
    throw invalidRequest('model is required', 'model');
  }
  const { system, messages } = parseMessages(body['messages']);
  const request: Request = { model: body['model'], messages, stream: body['stream'] !== false };
  if (system.length > 0) request.system = system;
  const tools = parseTools(body['tools']);
  if (tools !== undefined) request.tools = tools;
  const options = isRecord(body['options']) ? body['options'] : {};
  if (typeof options['temperature'] === 'number') request.temperature = options['temperature'];
  if (typeof options['top_p'] === 'number') request.topP = options['top_p'];
  if (typeof options['top_k'] === 'number') request.topK = options['top_k'];
  if (typeof options['seed'] === 'number') request.seed = options['seed'];
  if (typeof options['num_predict'] === 'number' && options['num_predict'] > 0) {
    request.maxOutputTokens = options['num_predict'];
  }
  if (Array.isArray(options['stop'])) {
    request.stopSequences = options['stop'].filter(
      (stop): stop is string => typeof stop === 'string',
    );
  }
  const format = body['format'];
  if (format === 'json') request.responseFormat = { type: 'json_object' };
  else if (isRecord(format))
    request.responseFormat = { type: 'json_schema', name: 'response', schema: format };
  const think = body['think'];
  if (think === true) request.reasoning = { enabled: true, effort: 'medium' };
  else if (think === false) request.reasoning = { enabled: false };
  else if (think === 'low' || think === 'medium' || think === 'high') {
    request.reasoning = { enabled: true, effort: think };
  }
  return request;
}

function doneReason(response: Pick<Response, 'stopReason'>): string {
  return response.stopReason === 'max_tokens' ? 'length' : 'stop';
}

function usageFields(usage: Usage): Record<string, number> {
  return {
    prompt_eval_count: usage.input + usage.cacheRead + usage.cacheWrite,
    eval_count: usage.output,
  };
}

function renderResponse(response: Response, context: EncodeContext): unknown {
  let content = '';
  let thinking = '';
  const toolCalls: unknown[] = [];
  for (const part of response.content) {
    if (part.type === 'text') content += part.text;
    else if (part.type === 'reasoning') thinking += part.text;
    else if (part.type === 'tool_call') {
      toolCalls.push({
        function: { name: part.name, arguments: argumentsToObject(part.arguments) },
      });
    }
  }
  const message: Record<string, unknown> = { role: 'assistant', content };
  if (thinking !== '') message['thinking'] = thinking;
  if (toolCalls.length > 0) message['tool_calls'] = toolCalls;
  return {
    model: context.model,
    created_at: new Date(context.created * 1000).toISOString(),
    message,
    done: true,
    done_reason: doneReason(response),
    ...usageFields(response.usage),
  };
}

function createStreamEncoder(context: EncodeContext): StreamEncoder {
  const createdAt = new Date(context.created * 1000).toISOString();
  const tools = new Map<number, { name: string; args: string }>();
  const usage: Usage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 };
  let failed = false;
  const line = (message: Record<string, unknown>, extra: Record<string, unknown> = {}): string =>
    `${JSON.stringify({ model: context.model, created_at: createdAt, message, done: false, ...extra })}\n`;
  const mergeUsage = (update: Partial<Usage> | undefined): void => {
    if (update !== undefined) Object.assign(usage, update);
  };
  return {
    push(event: StreamEvent): string {
      if (failed) return '';
      switch (event.type) {
        case 'text_delta':
          return line({ role: 'assistant', content: event.text });
        case 'reasoning_delta':
          return line({ role: 'assistant', content: '', thinking: event.text });
        case 'block_start':
          if (event.block.type === 'tool_call')
            tools.set(event.index, { name: event.block.name, args: '' });
          return '';
        case 'tool_args_delta': {
          const tool = tools.get(event.index);
          if (tool !== undefined) tool.args += event.json;
          return '';
        }
        case 'block_stop': {
          const tool = tools.get(event.index);
          if (tool === undefined) return '';
          tools.delete(event.index);
          const call = { function: { name: tool.name, arguments: argumentsToObject(tool.args) } };
          return line({ role: 'assistant', content: '', tool_calls: [call] });
        }
        case 'start':
        case 'usage':
          mergeUsage(event.usage);
          return '';
        case 'finish':
          mergeUsage(event.usage);
          return line(
            { role: 'assistant', content: '' },
            { done: true, done_reason: doneReason(event), ...usageFields(usage) },
          );
        case 'error':
          failed = true;
          return renderStreamError(event.error);
        default:
          return '';
      }
    },
    end: () => '',
  };
}

function renderError(error: SwitchyardError): RenderedError {
  return { status: error.status, body: { error: error.message } };
}

function renderStreamError(error: UpstreamErrorInfo): string {
  return `${JSON.stringify({ error: error.message })}\n`;
}

export const ollamaCodec: InboundCodec = {
  format: 'ollama',
  parseRequest,
  renderResponse,
  createStreamEncoder,
  renderError,
  renderStreamError,
};
