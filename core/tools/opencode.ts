/**
 * OpenCode reads ~/.config/opencode/opencode.json (or .jsonc): a custom
 * provider under `provider.<id>` with `npm: "@ai-sdk/openai-compatible"`,
 * `options.baseURL` / `options.apiKey` and a `models` map; top-level `model`
 * is `<provider>/<model>`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readJson, removeJson, setJson, isRecord } from './json-edit.js';
import { asString, modelOf } from './links.js';
import { switchyardUrl, type ToolDefinition, type ToolFile } from './types.js';

const PROVIDER = ['provider', 'switchyard'] as const;

function configFile(file: string): ToolFile {
  return {
    path: file,
    connect(text, params) {
      const model = modelOf(params.model);
      let next = text ?? '{}\n';
      next = setJson(next, file, [...PROVIDER, 'npm'], '@ai-sdk/openai-compatible');
      next = setJson(next, file, [...PROVIDER, 'name'], 'Switchyard');
      next = setJson(
        next,
        file,
        [...PROVIDER, 'options', 'baseURL'],
        switchyardUrl(params.port, '/v1'),
      );
      next = setJson(next, file, [...PROVIDER, 'options', 'apiKey'], params.key);
      next = setJson(next, file, [...PROVIDER, 'models', model, 'name'], model);
      if (params.model !== undefined) next = setJson(next, file, ['model'], `switchyard/${model}`);
      return next;
    },
    written: (params) => (params.model === undefined ? {} : { model: params.model }),
    disconnect(text) {
      let next = removeJson(text, file, PROVIDER);
      const selected = asString(readJson(next, file, ['model']));
      if (selected?.startsWith('switchyard/') === true) next = removeJson(next, file, ['model']);
      return next;
    },
    inspect(text) {
      const entry = readJson(text, file, PROVIDER);
      if (!isRecord(entry)) return undefined;
      const options = isRecord(entry.options) ? entry.options : {};
      const baseUrl = asString(options.baseURL);
      const key = asString(options.apiKey);
      return {
        ...(baseUrl === undefined ? {} : { baseUrl }),
        ...(key === undefined ? {} : { key }),
        selected: true,
      };
    },
  };
}

function configPath(home: string): string {
  const dir = path.join(home, '.config', 'opencode');
  const json = path.join(dir, 'opencode.json');
  const jsonc = path.join(dir, 'opencode.jsonc');
  return !existsSync(json) && existsSync(jsonc) ? jsonc : json;
}

export const opencode: ToolDefinition = {
  id: 'opencode',
  displayName: 'OpenCode',
  binaries: ['opencode'],
  configDirs: (home) => [path.join(home, '.config', 'opencode')],
  files: (home) => [configFile(configPath(home))],
  instructions: (params) => [
    `Pick the model "switchyard/${modelOf(params.model)}" with /models in OpenCode.`,
  ],
};
