/** The provider registry: the only list of built-in providers. */
import { anthropic } from './registry/anthropic.js';
import { antigravity } from './registry/antigravity.js';
import { claudeCode } from './registry/claude-code.js';
import { codex } from './registry/codex.js';
import { copilot } from './registry/copilot.js';
import { deepseek } from './registry/deepseek.js';
import { gemini } from './registry/gemini.js';
import { glm } from './registry/glm.js';
import { groq } from './registry/groq.js';
import { kimiCoding } from './registry/kimi-coding.js';
import { kimi } from './registry/kimi.js';
import { kiro } from './registry/kiro.js';
import { minimax } from './registry/minimax.js';
import { mistral } from './registry/mistral.js';
import { ollama } from './registry/ollama.js';
import { openai } from './registry/openai.js';
import { openrouter } from './registry/openrouter.js';
import { xai } from './registry/xai.js';
import { CUSTOM_KINDS, type CustomKind, type ProviderDefinition } from './types.js';

const DEFINITIONS: readonly ProviderDefinition[] = [
  claudeCode,
  codex,
  copilot,
  kimiCoding,
  kiro,
  antigravity,
  openai,
  anthropic,
  gemini,
  openrouter,
  glm,
  minimax,
  kimi,
  deepseek,
  groq,
  xai,
  mistral,
  ollama,
];

const BY_ID = new Map(DEFINITIONS.map((definition) => [definition.id, definition]));

export function listProviderDefinitions(): readonly ProviderDefinition[] {
  return DEFINITIONS;
}

export function findProviderDefinition(id: string): ProviderDefinition | undefined {
  return BY_ID.get(id);
}

export function isCustomKind(kind: string): kind is CustomKind {
  return Object.hasOwn(CUSTOM_KINDS, kind);
}

/** Every value `provider add --kind` accepts. */
export function knownKinds(): string[] {
  return [...new Set([...Object.keys(CUSTOM_KINDS), ...BY_ID.keys()])];
}

export type { ProviderDefinition, ProviderEndpoint, AuthScheme, CustomKind } from './types.js';
export { CUSTOM_KINDS } from './types.js';
