/** Every tool `switchyard connect` knows, in the order `switchyard tools` lists them. */
import { cline, continueDev, cursor } from './by-hand.js';
import { claudeCode } from './claude-code.js';
import { codex } from './codex.js';
import { factoryDroid } from './factory-droid.js';
import { gemini } from './gemini.js';
import { openclaw } from './openclaw.js';
import { opencode } from './opencode.js';
import type { ToolDefinition } from './types.js';

export const TOOLS: readonly ToolDefinition[] = [
  claudeCode,
  codex,
  gemini,
  opencode,
  factoryDroid,
  openclaw,
  cline,
  continueDev,
  cursor,
];

export function findTool(id: string): ToolDefinition | undefined {
  return TOOLS.find((tool) => tool.id === id);
}
