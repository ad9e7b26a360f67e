/**
 * Gemini CLI loads ~/.gemini/.env (for itself only) and honours
 * GOOGLE_GEMINI_BASE_URL with the API-key auth type (GEMINI_API_KEY, sent as
 * x-goog-api-key), chosen in ~/.gemini/settings.json `security.auth.selectedType`.
 * GEMINI_MODEL picks the default model. Gemini CLI reads ~/.gemini/.env only in
 * folders the user trusts (checked against gemini-cli 0.61: untrusted folders skip it),
 * so the instructions say so.
 */
import path from 'node:path';
import { getEnvValue, removeEnvValue, setEnvValue } from './dotenv-edit.js';
import { readJson, setJson } from './json-edit.js';
import { isLoopbackUrl, isRouterKey } from './links.js';
import { switchyardUrl, type ToolDefinition, type ToolFile } from './types.js';

const API_KEY_AUTH = 'gemini-api-key';

function envFile(file: string): ToolFile {
  return {
    path: file,
    connect(text, params) {
      let next = setEnvValue(text ?? '', 'GOOGLE_GEMINI_BASE_URL', switchyardUrl(params.port));
      next = setEnvValue(next, 'GEMINI_API_KEY', params.key);
      if (params.model !== undefined) next = setEnvValue(next, 'GEMINI_MODEL', params.model);
      return next;
    },
    written: (params) => (params.model === undefined ? {} : { model: params.model }),
    disconnect(text, written) {
      let next = removeEnvValue(text, 'GOOGLE_GEMINI_BASE_URL', isLoopbackUrl);
      next = removeEnvValue(next, 'GEMINI_API_KEY', isRouterKey);
      return removeEnvValue(next, 'GEMINI_MODEL', (value) => value === written.model);
    },
    inspect(text) {
      const baseUrl = getEnvValue(text, 'GOOGLE_GEMINI_BASE_URL');
      const key = getEnvValue(text, 'GEMINI_API_KEY');
      if (baseUrl === undefined && !isRouterKey(key)) return undefined;
      return {
        ...(baseUrl === undefined ? {} : { baseUrl }),
        ...(key === undefined ? {} : { key }),
        selected: true,
      };
    },
  };
}

function settingsFile(file: string): ToolFile {
  const path_ = ['security', 'auth', 'selectedType'] as const;
  return {
    path: file,
    connect: (text, _params) => setJson(text ?? '{}\n', file, path_, API_KEY_AUTH),
    written: () => ({}),
    // The auth type is left as it is: it may have been the user's choice before too.
    disconnect: (text) => text,
    inspect: (text) => ({ selected: readJson(text, file, path_) === API_KEY_AUTH }),
  };
}

export const gemini: ToolDefinition = {
  id: 'gemini',
  displayName: 'Gemini CLI',
  binaries: ['gemini'],
  configDirs: (home) => [path.join(home, '.gemini')],
  files: (home) => [
    envFile(path.join(home, '.gemini', '.env')),
    settingsFile(path.join(home, '.gemini', 'settings.json')),
  ],
  instructions: () => [
    'Gemini CLI reads ~/.gemini/.env only in folders you trust: answer its trust prompt,',
    '  or run /permissions trust there; in other folders it ignores the file.',
    'A .env in your project directory is read before ~/.gemini/.env and may override it.',
  ],
};
