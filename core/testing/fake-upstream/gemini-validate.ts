// Request checks of the Gemini fake: roles, function call pairing, thought signatures, schemas.
import { isRecord } from './http-helpers.js';
import type { Signer } from './signing.js';

type Content = Record<string, unknown> & { parts: Record<string, unknown>[] };

export const THOUGHT_SIGNATURE_INVALID = 'Corrupted thought signature.';

const PAIRING =
  'Please ensure that the number of function response parts is equal to the number of function ' +
  'call parts of the function call turn.';
const CALL_PLACEMENT =
  'Please ensure that function call turn comes immediately after a user turn or after a function ' +
  'response turn.';

/** The 400 message for a generateContent body, or undefined when it is acceptable. */
export function geminiRequestProblem(
  body: Record<string, unknown>,
  signer: Signer,
): string | undefined {
  const contents = body.contents;
  if (!Array.isArray(contents) || contents.length === 0) {
    return '* GenerateContentRequest.contents: contents is not specified\n';
  }
  for (const [i, content] of contents.entries()) {
    if (!isRecord(content)) return `* GenerateContentRequest.contents[${i}]: must be an object\n`;
    if (content.role !== undefined && content.role !== 'user' && content.role !== 'model') {
      return 'Please use a valid role: user, model.';
    }
    if (!Array.isArray(content.parts) || content.parts.length === 0) {
      return `* GenerateContentRequest.contents[${i}].parts: contents.parts must not be empty.\n`;
    }
  }
  const checked = contents as Content[];
  return pairingProblem(checked) ?? signatureProblem(checked, signer) ?? toolsProblem(body.tools);
}

function count(content: Content | undefined, key: 'functionCall' | 'functionResponse'): number {
  return content === undefined ? 0 : content.parts.filter((part) => isRecord(part[key])).length;
}

function pairingProblem(contents: Content[]): string | undefined {
  for (const [i, content] of contents.entries()) {
    const previous = contents[i - 1];
    if (content.role === 'model') {
      if (count(content, 'functionCall') === 0) continue;
      if (previous === undefined || previous.role === 'model') return CALL_PLACEMENT;
      const next = contents[i + 1];
      if (count(next, 'functionResponse') !== count(content, 'functionCall')) return PAIRING;
    } else if (count(content, 'functionResponse') > 0 && previous?.role !== 'model') {
      return PAIRING;
    } else if (previous?.role === 'model') {
      if (count(content, 'functionResponse') !== count(previous, 'functionCall')) return PAIRING;
    }
  }
  return undefined;
}

/** Signed function calls of the current turn (since the last user text) must verify. */
function signatureProblem(contents: Content[], signer: Signer): string | undefined {
  let start = 0;
  for (const [i, content] of contents.entries()) {
    const userText =
      content.role !== 'model' && content.parts.some((p) => typeof p.text === 'string');
    if (userText) start = i + 1;
  }
  for (const content of contents.slice(start)) {
    if (content.role !== 'model') continue;
    for (const part of content.parts) {
      const signature = part.thoughtSignature ?? part.thought_signature;
      if (!isRecord(part.functionCall) || signature === undefined) continue;
      if (typeof signature !== 'string' || signer.open(signature) === undefined) {
        return THOUGHT_SIGNATURE_INVALID;
      }
    }
  }
  return undefined;
}

function toolsProblem(tools: unknown): string | undefined {
  if (!Array.isArray(tools)) return undefined;
  for (const [t, tool] of tools.entries()) {
    if (!isRecord(tool)) continue;
    const declarations = tool.functionDeclarations ?? tool.function_declarations;
    if (!Array.isArray(declarations)) continue;
    for (const [d, declaration] of declarations.entries()) {
      if (!isRecord(declaration) || !isRecord(declaration.parameters)) continue;
      const where = `tools[${t}].function_declarations[${d}].parameters`;
      const problem = schemaProblem(declaration.parameters, where);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

/** `parameters` is an OpenAPI-subset Schema message: unknown JSON Schema keys are rejected. */
function schemaProblem(schema: Record<string, unknown>, where: string): string | undefined {
  for (const key of ['$schema', 'additionalProperties']) {
    if (key in schema) {
      return `Invalid JSON payload received. Unknown name "${key}" at '${where}': Cannot find field.`;
    }
  }
  const nested: [Record<string, unknown>, string][] = [];
  if (isRecord(schema.properties)) {
    for (const [k, value] of Object.values(schema.properties).entries()) {
      if (isRecord(value)) nested.push([value, `${where}.properties[${k}].value`]);
    }
  }
  if (isRecord(schema.items)) nested.push([schema.items, `${where}.items`]);
  if (Array.isArray(schema.anyOf)) {
    for (const [k, value] of schema.anyOf.entries()) {
      if (isRecord(value)) nested.push([value, `${where}.any_of[${k}]`]);
    }
  }
  for (const [child, path] of nested) {
    const problem = schemaProblem(child, path);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
