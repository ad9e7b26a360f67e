/**
 * Codex CLI reads ~/.codex/config.toml: a `[model_providers.<id>]` table
 * (name, base_url, wire_api, env_key) selected by top-level `model_provider`.
 * The key stays out of the file: `env_key` names the variable Codex reads it
 * from, the documented way (an inline bearer token field exists but is experimental).
 */
import path from 'node:path';
import {
  getTableValue,
  getTopLevel,
  hasTable,
  removeTable,
  removeTopLevel,
  setTableValues,
  setTopLevel,
} from './toml-edit.js';
import { switchyardUrl, type ToolDefinition, type ToolFile } from './types.js';

export const CODEX_KEY_ENV = 'SWITCHYARD_API_KEY';
const PROVIDER_ID = 'switchyard';
const TABLE = ['model_providers', PROVIDER_ID] as const;

function configFile(file: string): ToolFile {
  return {
    path: file,
    connect(text, params) {
      let next = setTopLevel(text ?? '', file, 'model_provider', PROVIDER_ID);
      if (params.model !== undefined) next = setTopLevel(next, file, 'model', params.model);
      return setTableValues(next, file, TABLE, [
        ['name', 'Switchyard'],
        ['base_url', switchyardUrl(params.port, '/v1')],
        ['wire_api', 'responses'],
        ['env_key', CODEX_KEY_ENV],
      ]);
    },
    written: (params) => (params.model === undefined ? {} : { model: params.model }),
    disconnect(text, written) {
      let next = removeTable(text, TABLE);
      next = removeTopLevel(next, 'model_provider', (value) => value === PROVIDER_ID);
      if (written.model !== undefined) {
        next = removeTopLevel(next, 'model', (value) => value === written.model);
      }
      return next;
    },
    inspect(text) {
      const selected = getTopLevel(text, 'model_provider') === PROVIDER_ID;
      if (!hasTable(text, TABLE)) return selected ? { selected } : undefined;
      const baseUrl = getTableValue(text, TABLE, 'base_url');
      return { ...(baseUrl === undefined ? {} : { baseUrl }), selected };
    },
  };
}

export const codex: ToolDefinition = {
  id: 'codex',
  displayName: 'Codex CLI',
  binaries: ['codex'],
  configDirs: (home) => [path.join(home, '.codex')],
  keyEnv: CODEX_KEY_ENV,
  files: (home) => [configFile(path.join(home, '.codex', 'config.toml'))],
  instructions: (params) => [
    `Codex reads the key from $${CODEX_KEY_ENV}; add this to your shell profile:`,
    `  export ${CODEX_KEY_ENV}=${params.key}`,
  ],
};
