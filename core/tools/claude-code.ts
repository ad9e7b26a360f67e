/**
 * Claude Code reads `env` from ~/.claude/settings.json: ANTHROPIC_BASE_URL
 * (without /v1), ANTHROPIC_AUTH_TOKEN (sent as a bearer token), and the model
 * overrides ANTHROPIC_MODEL and ANTHROPIC_DEFAULT_{OPUS,SONNET,HAIKU}_MODEL.
 */
import path from 'node:path';
import { readJson, removeJson, setJson, isRecord } from './json-edit.js';
import { asString, isLoopbackUrl, isRouterKey } from './links.js';
import { switchyardUrl, type ToolDefinition, type ToolFile } from './types.js';

const MODEL_VARS = [
  'ANTHROPIC_MODEL',
  'ANTHROPIC_DEFAULT_OPUS_MODEL',
  'ANTHROPIC_DEFAULT_SONNET_MODEL',
  'ANTHROPIC_DEFAULT_HAIKU_MODEL',
] as const;

function settingsFile(file: string): ToolFile {
  const env = (text: string): Record<string, unknown> => {
    const value = readJson(text, file, ['env']);
    return isRecord(value) ? value : {};
  };
  return {
    path: file,
    connect(text, params) {
      let next = text ?? '{}\n';
      next = setJson(next, file, ['env', 'ANTHROPIC_BASE_URL'], switchyardUrl(params.port));
      next = setJson(next, file, ['env', 'ANTHROPIC_AUTH_TOKEN'], params.key);
      if (params.model !== undefined) {
        for (const name of MODEL_VARS) next = setJson(next, file, ['env', name], params.model);
      }
      return next;
    },
    written: (params) => (params.model === undefined ? {} : { model: params.model }),
    disconnect(text, written) {
      const current = env(text);
      let next = text;
      if (isLoopbackUrl(asString(current.ANTHROPIC_BASE_URL))) {
        next = removeJson(next, file, ['env', 'ANTHROPIC_BASE_URL']);
      }
      if (isRouterKey(current.ANTHROPIC_AUTH_TOKEN)) {
        next = removeJson(next, file, ['env', 'ANTHROPIC_AUTH_TOKEN']);
      }
      for (const name of MODEL_VARS) {
        if (written.model !== undefined && current[name] === written.model) {
          next = removeJson(next, file, ['env', name]);
        }
      }
      return next;
    },
    inspect(text) {
      const current = env(text);
      const baseUrl = asString(current.ANTHROPIC_BASE_URL);
      const key = asString(current.ANTHROPIC_AUTH_TOKEN);
      if (baseUrl === undefined && !isRouterKey(key)) return undefined;
      return {
        ...(baseUrl === undefined ? {} : { baseUrl }),
        ...(key === undefined ? {} : { key }),
        selected: true,
      };
    },
  };
}

export const claudeCode: ToolDefinition = {
  id: 'claude-code',
  displayName: 'Claude Code',
  binaries: ['claude'],
  configDirs: (home) => [path.join(home, '.claude')],
  files: (home) => [settingsFile(path.join(home, '.claude', 'settings.json'))],
  instructions: () => ['Restart Claude Code (running sessions keep their old settings).'],
};
