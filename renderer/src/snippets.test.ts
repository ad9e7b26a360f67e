/** Snippets must carry the endpoint in the form each tool expects. */
import { describe, expect, it } from 'vitest';
import { snippetsFor } from './snippets';

describe('snippetsFor', () => {
  const byId = Object.fromEntries(
    snippetsFor('http://127.0.0.1:4141/').map((snippet) => [snippet.id, snippet.code]),
  );

  it('gives Claude Code the bare origin, since it appends /v1/messages itself', () => {
    expect(byId['claude-code']).toContain('ANTHROPIC_BASE_URL=http://127.0.0.1:4141\n');
  });

  it('gives Codex and the OpenAI SDK the /v1 base', () => {
    expect(byId['codex']).toContain('base_url = "http://127.0.0.1:4141/v1"');
    expect(byId['codex']).toContain('wire_api = "responses"');
    expect(byId['openai-sdk']).toContain("baseURL: 'http://127.0.0.1:4141/v1'");
  });
});
