/**
 * Factory Droid reads bring-your-own-key models from ~/.factory/settings.json
 * `customModels` (model, displayName, baseUrl, apiKey, provider). The older
 * ~/.factory/config.json `custom_models` form is still read but settings.json wins.
 * Switchyard's entries are the ones whose displayName ends with MARK.
 */
import path from 'node:path';
import { appendJson, readJson, removeJson, setJson, isRecord } from './json-edit.js';
import { asString, isLoopbackUrl, modelOf } from './links.js';
import { switchyardUrl, type ToolDefinition, type ToolFile } from './types.js';

const MARK = ' (Switchyard)';
const LIST = ['customModels'] as const;

function isOurs(entry: unknown): entry is Record<string, unknown> {
  return (
    isRecord(entry) &&
    asString(entry.displayName)?.endsWith(MARK) === true &&
    isLoopbackUrl(asString(entry.baseUrl))
  );
}

function settingsFile(file: string): ToolFile {
  const entries = (text: string): unknown[] => {
    const value = readJson(text, file, LIST);
    return Array.isArray(value) ? value : [];
  };
  return {
    path: file,
    connect(text, params) {
      const model = modelOf(params.model);
      const entry = {
        model,
        displayName: `${model}${MARK}`,
        baseUrl: switchyardUrl(params.port, '/v1'),
        apiKey: params.key,
        provider: 'generic-chat-completion-api',
      };
      let next = text ?? '{}\n';
      const index = entries(next).findIndex((item) => isOurs(item) && item.model === model);
      if (index === -1) return appendJson(next, file, LIST, entry);
      for (const [key, value] of Object.entries(entry)) {
        next = setJson(next, file, [...LIST, index, key], value);
      }
      return next;
    },
    written: () => ({}),
    disconnect(text) {
      let next = text;
      const list = entries(text);
      // From the end, so earlier indexes stay valid.
      for (let index = list.length - 1; index >= 0; index -= 1) {
        if (isOurs(list[index])) next = removeJson(next, file, [...LIST, index]);
      }
      return next;
    },
    inspect(text) {
      const ours = entries(text).filter(isOurs);
      const first = ours[0];
      if (first === undefined) return undefined;
      const baseUrl = asString(first.baseUrl);
      const key = asString(first.apiKey);
      return {
        ...(baseUrl === undefined ? {} : { baseUrl }),
        ...(key === undefined ? {} : { key }),
        selected: true,
      };
    },
  };
}

export const factoryDroid: ToolDefinition = {
  id: 'droid',
  displayName: 'Factory Droid',
  binaries: ['droid'],
  configDirs: (home) => [path.join(home, '.factory')],
  files: (home) => [settingsFile(path.join(home, '.factory', 'settings.json'))],
  instructions: (params) => [`Pick "${modelOf(params.model)}${MARK}" with /model in droid.`],
};
