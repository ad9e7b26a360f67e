/** Realistic tool configs for the tests: comments, odd spacing, CRLF, unrelated keys. */

export const CLAUDE_SETTINGS = [
  '{',
  '\t"permissions": {',
  '\t\t"allow": ["Bash(npm test:*)"],',
  '\t\t"deny": []',
  '\t},',
  '\t"env": {',
  '\t\t"BASH_DEFAULT_TIMEOUT_MS": "60000"',
  '\t},',
  '\t"includeCoAuthoredBy": false',
  '}',
  '',
].join('\r\n');

export const CODEX_CONFIG = [
  '# My Codex setup',
  'model = "gpt-5.2-codex"   # the default',
  "approval_policy = 'on-request'",
  'notify = [',
  '  "notify-send",',
  '  "model_provider = \\"not a key\\"",',
  ']',
  '',
  '[tui]',
  'notifications = true',
  '',
  '# keep this comment',
  '[mcp_servers.docs]',
  'command = "npx"',
  'args = ["-y", "docs-mcp"]',
  '',
].join('\r\n');

export const GEMINI_ENV = [
  '# Gemini-only variables',
  'export GOOGLE_CLOUD_PROJECT=my-project',
  'DEBUG=false  # noisy',
].join('\n'); // no final newline on purpose

export const GEMINI_SETTINGS = [
  '{',
  '  // theme first, then auth',
  '  "ui": { "theme": "GitHub" },',
  '  "security": {',
  '    "auth": { "selectedType": "oauth-personal" },',
  '  },',
  '}',
  '',
].join('\n');

export const OPENCODE_CONFIG = [
  '{',
  '    "$schema": "https://opencode.ai/config.json",',
  '    // my providers',
  '    "provider": {',
  '        "ollama": {',
  '            "npm": "@ai-sdk/openai-compatible",',
  '            "options": { "baseURL": "http://127.0.0.1:11434/v1" },',
  '            "models": { "qwen3": {} },',
  '        },',
  '    },',
  '    "theme": "tokyonight",',
  '}',
  '',
].join('\n');

export const DROID_SETTINGS = [
  '{',
  '  "customModels": [',
  '    {',
  '      "model": "glm-4.6",',
  '      "displayName": "GLM (direct)",',
  '      "baseUrl": "https://api.z.ai/api/coding/paas/v4",',
  '      "apiKey": "${ZAI_API_KEY}",',
  '      "provider": "generic-chat-completion-api"',
  '    }',
  '  ],',
  '  "autonomyLevel": "medium"',
  '}',
  '',
].join('\n');

export const OPENCLAW_CONFIG = [
  '// OpenClaw config (JSON5)',
  '{',
  '  "gateway": { "mode": "local", "port": 18789 },',
  '  "agents": {',
  '    "defaults": {',
  '      "model": { "primary": "anthropic/claude-opus-4-6", },',
  '      "workspace": "~/.openclaw/workspace",',
  '    },',
  '  },',
  '}',
  '',
].join('\n');
