/** generationConfig, tools and toolConfig: Gemini request settings to IR and back. */
import { invalidRequest } from '../../shared/errors.js';
import { isRecord } from '../ir/json.js';
import { effortToBudget } from '../ir/reasoning.js';
import type {
  HostedTool,
  ReasoningConfig,
  ReasoningEffort,
  Request,
  ResponseFormat,
  ToolChoice,
  ToolDefinition,
} from '../ir/types.js';
import {
  camelCase,
  field,
  leftovers,
  optionalArray,
  optionalNumber,
  optionalRecord,
  optionalString,
} from './fields.js';
import type { Json } from './fields.js';

/** The IR fields generationConfig can fill. */
export type GenerationSettings = Pick<
  Request,
  | 'maxOutputTokens'
  | 'temperature'
  | 'topP'
  | 'topK'
  | 'stopSequences'
  | 'presencePenalty'
  | 'frequencyPenalty'
  | 'seed'
  | 'reasoning'
  | 'responseFormat'
>;

const NUMBER_SETTINGS = [
  'maxOutputTokens',
  'temperature',
  'topP',
  'topK',
  'presencePenalty',
  'frequencyPenalty',
  'seed',
] as const;

const KNOWN_GENERATION = new Set<string>([
  ...NUMBER_SETTINGS,
  'stopSequences',
  'responseMimeType',
  'responseSchema',
  'responseJsonSchema',
  'thinkingConfig',
]);

const EFFORTS = new Set<string>(['minimal', 'low', 'medium', 'high']);

/** `responseSchema` is Gemini's OpenAPI subset with upper-case type names; IR holds JSON Schema. */
function openApiToJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(openApiToJsonSchema);
  if (!isRecord(value)) return value;
  const out: Json = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'type' && typeof inner === 'string') out.type = inner.toLowerCase();
    else if (key === 'properties' && isRecord(inner)) {
      out.properties = Object.fromEntries(
        Object.entries(inner).map(([name, schema]) => [name, openApiToJsonSchema(schema)]),
      );
    } else out[camelCase(key)] = openApiToJsonSchema(inner);
  }
  return out;
}

function schemaObject(value: unknown, path: string): Json {
  if (!isRecord(value)) throw invalidRequest(`${path} must be an object`, path);
  return value;
}

function parseReasoning(config: Json, path: string): { reasoning?: ReasoningConfig; hint: Json } {
  const budget = optionalNumber(config, 'thinkingBudget', path);
  const level = optionalString(config, 'thinkingLevel', path);
  // Everything the IR cannot say exactly (includeThoughts, the level's spelling, -1) rides along;
  // an empty hint still records that the client chose includeThoughts itself.
  const hint =
    leftovers(config, new Set(budget !== undefined && budget >= 0 ? ['thinkingBudget'] : [])) ?? {};
  if (budget === 0) return { reasoning: { enabled: false }, hint };
  if (budget !== undefined && budget > 0) {
    return { reasoning: { enabled: true, budgetTokens: budget }, hint };
  }
  const effort = level?.toLowerCase();
  if (effort !== undefined && EFFORTS.has(effort)) {
    return { reasoning: { enabled: true, effort: effort as ReasoningEffort }, hint };
  }
  const on = budget === -1 || field(config, 'includeThoughts') === true;
  return on ? { reasoning: { enabled: true }, hint } : { hint };
}

function parseResponseFormat(config: Json, path: string): ResponseFormat | undefined {
  const mime = optionalString(config, 'responseMimeType', path);
  const jsonSchema = field(config, 'responseJsonSchema');
  const schema = field(config, 'responseSchema');
  if (mime === 'text/plain') return { type: 'text' };
  if (mime !== 'application/json') return undefined;
  if (jsonSchema !== undefined) {
    return {
      type: 'json_schema',
      name: 'response',
      schema: schemaObject(jsonSchema, `${path}.responseJsonSchema`),
    };
  }
  if (schema !== undefined) {
    const converted = openApiToJsonSchema(schemaObject(schema, `${path}.responseSchema`));
    return { type: 'json_schema', name: 'response', schema: converted as Json };
  }
  return { type: 'json_object' };
}

export function parseGenerationConfig(
  config: Json,
  path: string,
): { settings: GenerationSettings; extra?: Json } {
  const settings: GenerationSettings = {};
  for (const key of NUMBER_SETTINGS) {
    const value = optionalNumber(config, key, path);
    if (value !== undefined) settings[key] = value;
  }
  const stops = optionalArray(config, 'stopSequences', path);
  if (stops !== undefined) {
    if (!stops.every((s) => typeof s === 'string')) {
      throw invalidRequest(
        `${path}.stopSequences must be an array of strings`,
        `${path}.stopSequences`,
      );
    }
    settings.stopSequences = stops;
  }
  const thinking = optionalRecord(config, 'thinkingConfig', path);
  let extra = leftovers(config, KNOWN_GENERATION);
  if (thinking !== undefined) {
    const { reasoning, hint } = parseReasoning(thinking, `${path}.thinkingConfig`);
    if (reasoning !== undefined) settings.reasoning = reasoning;
    extra = { ...extra, thinkingConfig: hint };
  }
  const format = parseResponseFormat(config, path);
  if (format !== undefined) settings.responseFormat = format;
  else {
    // Formats the IR cannot express (text/x.enum…) stay verbatim.
    for (const key of ['responseMimeType', 'responseSchema', 'responseJsonSchema']) {
      const value = field(config, key);
      if (value !== undefined) extra = { ...extra, [key]: value };
    }
  }
  return { settings, ...(extra === undefined ? {} : { extra }) };
}

function buildThinking(
  reasoning: ReasoningConfig | undefined,
  hint: Json | undefined,
): Json | undefined {
  const { includeThoughts, thinkingLevel, ...rest } = hint ?? {};
  const out: Json = { ...rest };
  // A Gemini client's own includeThoughts choice (even leaving it out) wins over our default.
  const show =
    hint === undefined ? true : typeof includeThoughts === 'boolean' ? includeThoughts : undefined;
  if (reasoning !== undefined && !reasoning.enabled) {
    out.thinkingBudget = 0;
    if (typeof includeThoughts === 'boolean') out.includeThoughts = includeThoughts;
    return out;
  }
  if (reasoning !== undefined) {
    if (reasoning.budgetTokens !== undefined) out.thinkingBudget = reasoning.budgetTokens;
    else if (reasoning.effort !== undefined) {
      const level = typeof thinkingLevel === 'string' ? thinkingLevel : undefined;
      if (level !== undefined && level.toLowerCase() === reasoning.effort) {
        delete out.thinkingBudget;
        out.thinkingLevel = level;
      } else out.thinkingBudget = effortToBudget(reasoning.effort);
    }
    if (show !== undefined) out.includeThoughts = show;
  } else if (typeof includeThoughts === 'boolean') out.includeThoughts = includeThoughts;
  return Object.keys(out).length === 0 ? undefined : out;
}

export function buildGenerationConfig(request: Request, extra: Json | undefined): Json | undefined {
  const { thinkingConfig: thinkingHint, ...rest } = extra ?? {};
  const out: Json = { ...rest };
  for (const key of NUMBER_SETTINGS) {
    const value = request[key];
    if (value !== undefined) out[key] = value;
  }
  if (request.stopSequences !== undefined) out.stopSequences = request.stopSequences;
  const format = request.responseFormat;
  if (format?.type === 'text') out.responseMimeType = 'text/plain';
  else if (format?.type === 'json_object') out.responseMimeType = 'application/json';
  else if (format?.type === 'json_schema') {
    out.responseMimeType = 'application/json';
    out.responseJsonSchema = format.schema;
  }
  const thinking = buildThinking(
    request.reasoning,
    isRecord(thinkingHint) ? thinkingHint : undefined,
  );
  if (thinking !== undefined) out.thinkingConfig = thinking;
  return Object.keys(out).length === 0 ? undefined : out;
}

export function parseTools(
  tools: unknown[],
  path: string,
): { tools: ToolDefinition[]; hosted: HostedTool[] } {
  const defs: ToolDefinition[] = [];
  const hosted: HostedTool[] = [];
  tools.forEach((tool, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(tool)) throw invalidRequest(`${at} must be an object`, at);
    const declarations = optionalArray(tool, 'functionDeclarations', at) ?? [];
    declarations.forEach((decl, j) =>
      defs.push(parseDeclaration(decl, `${at}.functionDeclarations[${j}]`)),
    );
    const raw = leftovers(tool, new Set(['functionDeclarations']));
    if (raw !== undefined) hosted.push({ format: 'gemini', raw });
  });
  return { tools: defs, hosted };
}

function parseDeclaration(value: unknown, path: string): ToolDefinition {
  if (!isRecord(value)) throw invalidRequest(`${path} must be an object`, path);
  const name = optionalString(value, 'name', path);
  if (name === undefined || name === '')
    throw invalidRequest(`${path}.name is required`, `${path}.name`);
  const description = optionalString(value, 'description', path);
  const jsonSchema = field(value, 'parametersJsonSchema');
  const schema = field(value, 'parameters');
  let parameters: Json = { type: 'object', properties: {} };
  if (jsonSchema !== undefined)
    parameters = schemaObject(jsonSchema, `${path}.parametersJsonSchema`);
  else if (schema !== undefined) {
    parameters = openApiToJsonSchema(schemaObject(schema, `${path}.parameters`)) as Json;
  }
  return { name, ...(description === undefined ? {} : { description }), parameters };
}

/** A schema that takes nothing is sent as no schema, which is what a Gemini client wrote. */
function isEmptyObjectSchema(schema: Json): boolean {
  const keys = Object.keys(schema);
  if (keys.length === 0) return true;
  const props = schema.properties;
  return (
    schema.type === 'object' &&
    keys.every((k) => k === 'type' || k === 'properties') &&
    (props === undefined || (isRecord(props) && Object.keys(props).length === 0))
  );
}

export function buildTools(request: Request): Json[] | undefined {
  const out: Json[] = [];
  const declarations = (request.tools ?? []).map((tool) => {
    const decl: Json = { name: tool.name };
    if (tool.description !== undefined) decl.description = tool.description;
    // parametersJsonSchema takes full JSON Schema; `parameters` rejects $ref and the like.
    if (!isEmptyObjectSchema(tool.parameters)) decl.parametersJsonSchema = tool.parameters;
    return decl;
  });
  if (declarations.length > 0) out.push({ functionDeclarations: declarations });
  for (const hosted of request.hostedTools ?? []) {
    if (hosted.format === 'gemini') out.push(hosted.raw);
  }
  return out.length === 0 ? undefined : out;
}

export function choiceFromCallingConfig(config: Json, path: string): ToolChoice | undefined {
  const mode = optionalString(config, 'mode', path)?.toUpperCase();
  const names = optionalArray(config, 'allowedFunctionNames', path);
  if (mode === 'NONE') return { type: 'none' };
  if (mode === 'ANY') {
    const only = names?.length === 1 ? names[0] : undefined;
    return typeof only === 'string' ? { type: 'tool', name: only } : { type: 'required' };
  }
  if (mode === 'AUTO' || mode === 'VALIDATED') return { type: 'auto' };
  return undefined;
}

function sameChoice(a: ToolChoice | undefined, b: ToolChoice): boolean {
  if (a === undefined || a.type !== b.type) return false;
  return a.type !== 'tool' || (b.type === 'tool' && a.name === b.name);
}

/** Parses toolConfig; keeps the raw functionCallingConfig when the IR choice is lossy. */
export function parseToolConfig(config: Json, path: string): { choice?: ToolChoice; extra?: Json } {
  const calling = optionalRecord(config, 'functionCallingConfig', path);
  let extra = leftovers(config, new Set(['functionCallingConfig']));
  if (calling === undefined) return extra === undefined ? {} : { extra };
  const choice = choiceFromCallingConfig(calling, `${path}.functionCallingConfig`);
  const exact = choice !== undefined && isCanonical(calling, choice);
  if (!exact) extra = { ...extra, functionCallingConfig: calling };
  return { ...(choice === undefined ? {} : { choice }), ...(extra === undefined ? {} : { extra }) };
}

function choiceToCallingConfig(choice: ToolChoice): Json {
  switch (choice.type) {
    case 'auto':
      return { mode: 'AUTO' };
    case 'none':
      return { mode: 'NONE' };
    case 'required':
      return { mode: 'ANY' };
    case 'tool':
      return { mode: 'ANY', allowedFunctionNames: [choice.name] };
  }
}

function isCanonical(calling: Json, choice: ToolChoice): boolean {
  return JSON.stringify(calling) === JSON.stringify(choiceToCallingConfig(choice));
}

export function buildToolConfig(
  choice: ToolChoice | undefined,
  extra: Json | undefined,
): Json | undefined {
  const { functionCallingConfig: hinted, ...rest } = extra ?? {};
  const out: Json = { ...rest };
  if (choice !== undefined) {
    const keep =
      isRecord(hinted) && sameChoice(choiceFromCallingConfig(hinted, 'toolConfig'), choice);
    out.functionCallingConfig = keep ? hinted : choiceToCallingConfig(choice);
  }
  return Object.keys(out).length === 0 ? undefined : out;
}
