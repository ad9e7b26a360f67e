/**
 * Tools configured in their own UI: `connect` prints the steps and writes nothing.
 * Cline and Cursor keep their settings in editor storage; Continue's YAML is
 * the user's to shape.
 */
import path from 'node:path';
import { modelOf } from './links.js';
import { switchyardUrl, type ToolDefinition } from './types.js';

export const cline: ToolDefinition = {
  id: 'cline',
  displayName: 'Cline',
  binaries: ['cline'],
  configDirs: (home) => [path.join(home, '.cline')],
  files: () => [],
  instructions: (params) => [
    'In Cline: Settings → API Configuration:',
    '  API Provider: OpenAI Compatible',
    `  Base URL:     ${switchyardUrl(params.port, '/v1')}`,
    `  API Key:      ${params.key}`,
    `  Model ID:     ${modelOf(params.model)}`,
  ],
};

export const continueDev: ToolDefinition = {
  id: 'continue',
  displayName: 'Continue',
  binaries: ['cn'],
  configDirs: (home) => [path.join(home, '.continue')],
  files: () => [],
  instructions: (params) => [
    'Add a model to ~/.continue/config.yaml under `models:`:',
    `  - name: Switchyard ${modelOf(params.model)}`,
    '    provider: openai',
    `    model: ${modelOf(params.model)}`,
    `    apiBase: ${switchyardUrl(params.port, '/v1')}`,
    `    apiKey: ${params.key}`,
  ],
};

export const cursor: ToolDefinition = {
  id: 'cursor',
  displayName: 'Cursor',
  binaries: ['cursor'],
  configDirs: (home) => [path.join(home, '.cursor')],
  files: () => [],
  instructions: (params) => [
    'In Cursor: Settings → Models:',
    `  OpenAI API Key:           ${params.key}`,
    `  Override OpenAI Base URL: ${switchyardUrl(params.port, '/v1')}`,
    `  Add model:                ${modelOf(params.model)}`,
    'Cursor sends some requests from its own servers, which cannot reach 127.0.0.1.',
  ],
};
