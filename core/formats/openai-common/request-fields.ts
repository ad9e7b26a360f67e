/**
 * Request fields Chat and Responses spell the same way, or nearly: typed
 * optional scalars, reasoning efforts, function tools and `tool_choice`.
 * Each caller says where its format keeps a function's name and schema.
 */
import { invalidRequest } from '../../shared/errors.js';
import { isRecord } from '../ir/json.js';
import type {
  HostedTool,
  ReasoningEffort,
  Request,
  ToolChoice,
  ToolDefinition,
  WireFormat,
} from '../ir/types.js';

export const EFFORTS: readonly string[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];

export function optional<T>(
  body: Record<string, unknown>,
  key: string,
  type: 'string' | 'number' | 'boolean',
): T | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) throw invalidRequest(`\`${key}\` must be a ${type}`, key);
  return value as T;
}

export function parseEffort(value: unknown, param: string): ReasoningEffort {
  if (typeof value !== 'string' || !EFFORTS.includes(value)) {
    throw invalidRequest(`\`${param}\` must be one of ${EFFORTS.join(', ')}`, param);
  }
  return value as ReasoningEffort;
}

/** Where a format keeps a function tool's fields: Chat nests them in `function`, Responses does not. */
export interface FunctionFields {
  fields(tool: Record<string, unknown>): unknown;
  /** JSON path suffix of those fields, for error messages (`.function` or ''). */
  path: string;
}

/** `tools`: function tools become IR definitions; every other type is carried for a same-format hop. */
export function parseTools(
  value: unknown,
  request: Request,
  format: WireFormat,
  spelling: FunctionFields,
): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) throw invalidRequest('`tools` must be an array', 'tools');
  const tools: ToolDefinition[] = [];
  const hosted: HostedTool[] = [];
  value.forEach((tool: unknown, i) => {
    const param = `tools[${i}]`;
    if (!isRecord(tool) || typeof tool.type !== 'string') {
      throw invalidRequest(`\`${param}\` must be an object with a string \`type\``, param);
    }
    if (tool.type !== 'function') {
      hosted.push({ format, raw: tool });
      return;
    }
    const fn = spelling.fields(tool);
    const at = `${param}${spelling.path}`;
    if (!isRecord(fn) || typeof fn.name !== 'string' || fn.name === '') {
      throw invalidRequest(`\`${at}.name\` must be a non-empty string`, `${at}.name`);
    }
    if (fn.parameters !== undefined && fn.parameters !== null && !isRecord(fn.parameters)) {
      throw invalidRequest(`\`${at}.parameters\` must be a JSON Schema object`, `${at}.parameters`);
    }
    const definition: ToolDefinition = {
      name: fn.name,
      parameters: isRecord(fn.parameters) ? fn.parameters : { type: 'object', properties: {} },
    };
    if (typeof fn.description === 'string') definition.description = fn.description;
    if (typeof fn.strict === 'boolean') definition.strict = fn.strict;
    tools.push(definition);
  });
  if (tools.length > 0) request.tools = tools;
  if (hosted.length > 0) request.hostedTools = hosted;
}

/**
 * `tool_choice`: the three words map one to one (trap 4). A named function maps
 * to that tool; other object choices (hosted or allowed-tools) return undefined
 * and only make sense to an upstream of the same format.
 */
export function parseToolChoice(
  value: unknown,
  spelling: FunctionFields,
  example: string,
): ToolChoice | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'auto' || value === 'none' || value === 'required') return { type: value };
  if (isRecord(value)) {
    if (value.type !== 'function') return undefined;
    const fn = spelling.fields(value);
    if (isRecord(fn) && typeof fn.name === 'string' && fn.name !== '') {
      return { type: 'tool', name: fn.name };
    }
  }
  throw invalidRequest(
    `\`tool_choice\` must be "auto", "none", "required" or ${example}`,
    'tool_choice',
  );
}
