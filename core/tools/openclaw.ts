/**
 * OpenClaw reads ~/.openclaw/openclaw.json (JSON5): custom providers under
 * `models.providers.<id>` (baseUrl, apiKey, api: "openai-completions", models
 * [{ id, name }]) and the default model at `agents.defaults.model.primary`
 * as `<provider>/<model>`. JSON5 beyond comments and trailing commas is refused.
 */
import path from 'node:path';
import { appendJson, readJson, removeJson, setJson, isRecord } from './json-edit.js';
import { asString, modelOf } from './links.js';
import { switchyardUrl, type ToolDefinition, type ToolFile } from './types.js';

const PROVIDER = ['models', 'providers', 'switchyard'] as const;
const DEFAULT_MODEL = ['agents', 'defaults', 'model'] as const;

function configFile(file: string): ToolFile {
  return {
    path: file,
    connect(text, params) {
      const model = modelOf(params.model);
      let next = text ?? '{}\n';
      next = setJson(next, file, [...PROVIDER, 'baseUrl'], switchyardUrl(params.port, '/v1'));
      next = setJson(next, file, [...PROVIDER, 'apiKey'], params.key);
      next = setJson(next, file, [...PROVIDER, 'api'], 'openai-completions');
      const models = readJson(next, file, [...PROVIDER, 'models']);
      const listed = Array.isArray(models) && models.some((m) => isRecord(m) && m.id === model);
      if (!listed)
        next = appendJson(next, file, [...PROVIDER, 'models'], { id: model, name: model });
      if (params.model !== undefined) {
        const current = readJson(next, file, DEFAULT_MODEL);
        const target = typeof current === 'string' ? DEFAULT_MODEL : [...DEFAULT_MODEL, 'primary'];
        next = setJson(next, file, target, `switchyard/${model}`);
      }
      return next;
    },
    written: (params) => (params.model === undefined ? {} : { model: params.model }),
    disconnect(text) {
      let next = removeJson(text, file, PROVIDER);
      const current = readJson(next, file, DEFAULT_MODEL);
      const primary = isRecord(current) ? asString(current.primary) : asString(current);
      if (primary?.startsWith('switchyard/') === true) {
        next = removeJson(
          next,
          file,
          isRecord(current) ? [...DEFAULT_MODEL, 'primary'] : DEFAULT_MODEL,
        );
      }
      return next;
    },
    inspect(text) {
      const entry = readJson(text, file, PROVIDER);
      if (!isRecord(entry)) return undefined;
      const baseUrl = asString(entry.baseUrl);
      const key = asString(entry.apiKey);
      return {
        ...(baseUrl === undefined ? {} : { baseUrl }),
        ...(key === undefined ? {} : { key }),
        selected: true,
      };
    },
  };
}

export const openclaw: ToolDefinition = {
  id: 'openclaw',
  displayName: 'OpenClaw',
  binaries: ['openclaw'],
  configDirs: (home) => [path.join(home, '.openclaw')],
  files: (home) => [configFile(path.join(home, '.openclaw', 'openclaw.json'))],
  instructions: () => ['Restart the OpenClaw gateway so it reads the new provider.'],
};
