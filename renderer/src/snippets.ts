/** "Point your tool here" snippets, built from the endpoint the page was served from. */
import { strings } from '../../core/shared/strings/dashboard.js';

export interface Snippet {
  id: 'claude-code' | 'codex' | 'openai-sdk';
  title: string;
  hint: string;
  code: string;
}

/** `endpoint` is an origin such as `http://127.0.0.1:4141`; a trailing slash is tolerated. */
export function snippetsFor(endpoint: string): Snippet[] {
  const origin = endpoint.replace(/\/+$/, '');
  return [
    {
      id: 'claude-code',
      ...strings.snippets.claudeCode,
      // Claude Code appends /v1/messages itself, so the base URL is the bare origin.
      code: [
        `export ANTHROPIC_BASE_URL=${origin}`,
        'export ANTHROPIC_AUTH_TOKEN=switchyard',
        'claude',
      ].join('\n'),
    },
    {
      id: 'codex',
      ...strings.snippets.codex,
      // Codex speaks the Responses API, which Switchyard serves at /v1/responses.
      code: [
        'model_provider = "switchyard"',
        '',
        '[model_providers.switchyard]',
        'name = "Switchyard"',
        `base_url = "${origin}/v1"`,
        'wire_api = "responses"',
      ].join('\n'),
    },
    {
      id: 'openai-sdk',
      ...strings.snippets.openaiSdk,
      code: [
        "import OpenAI from 'openai';",
        '',
        'const client = new OpenAI({',
        `  baseURL: '${origin}/v1',`,
        "  apiKey: 'switchyard',",
        '});',
      ].join('\n'),
    },
  ];
}
