/** Client Messages bodies → IR: validation and every field mapping. */
import { describe, expect, it } from 'vitest';

import { SwitchyardError } from '../../shared/errors.js';
import { parseRequest } from './request.js';

const base = { model: 'claude-sonnet-4-5', max_tokens: 1024 };
const parse = (extra: Record<string, unknown>) =>
  parseRequest({ ...base, messages: [{ role: 'user', content: 'hi' }], ...extra });

function rejects(body: unknown, param: string | undefined): void {
  try {
    parseRequest(body);
  } catch (error) {
    expect(error).toBeInstanceOf(SwitchyardError);
    expect((error as SwitchyardError).status).toBe(400);
    expect((error as SwitchyardError).param).toBe(param);
    return;
  }
  throw new Error('expected a 400');
}

describe('anthropic parseRequest: validation', () => {
  it('requires a JSON object, a model and a positive integer max_tokens', () => {
    rejects([], undefined);
    rejects({ max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }, 'model');
    rejects({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, 'max_tokens');
    rejects({ model: 'm', max_tokens: '10', messages: [] }, 'max_tokens');
    rejects({ model: 'm', max_tokens: 0, messages: [] }, 'max_tokens');
    rejects({ model: 'm', max_tokens: 1.5, messages: [] }, 'max_tokens');
  });

  it('rejects missing or empty messages and bad roles', () => {
    rejects(base, 'messages');
    rejects({ ...base, messages: [] }, 'messages');
    rejects({ ...base, messages: [{ role: 'system', content: 'x' }] }, 'messages[0].role');
    rejects({ ...base, messages: [{ role: 'user', content: 7 }] }, 'messages[0].content');
  });

  it('names the bad block', () => {
    rejects(
      { ...base, messages: [{ role: 'user', content: [{ type: 'text' }] }] },
      'messages[0].content[0].text',
    );
    rejects(
      { ...base, messages: [{ role: 'user', content: [{ type: 'video' }] }] },
      'messages[0].content[0].type',
    );
    rejects(
      {
        ...base,
        messages: [
          { role: 'user', content: [{ type: 'tool_use', id: 'a', name: 'b', input: {} }] },
        ],
      },
      'messages[0].content[0]',
    );
    rejects(
      {
        ...base,
        messages: [
          { role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'f' } }] },
        ],
      },
      'messages[0].content[0].source',
    );
  });

  it('rejects malformed tools, tool_choice and thinking', () => {
    rejects(
      { ...base, messages: [{ role: 'user', content: 'x' }], tools: [{ name: 'a' }] },
      'tools[0].input_schema',
    );
    rejects(
      { ...base, messages: [{ role: 'user', content: 'x' }], tool_choice: { type: 'maybe' } },
      'tool_choice.type',
    );
    rejects(
      { ...base, messages: [{ role: 'user', content: 'x' }], tool_choice: { type: 'tool' } },
      'tool_choice.name',
    );
    rejects(
      { ...base, messages: [{ role: 'user', content: 'x' }], thinking: { type: 'enabled' } },
      'thinking.budget_tokens',
    );
    rejects(
      { ...base, messages: [{ role: 'user', content: 'x' }], thinking: { type: 'on' } },
      'thinking.type',
    );
    rejects(
      { ...base, messages: [{ role: 'user', content: 'x' }], temperature: 'hot' },
      'temperature',
    );
    rejects(
      { ...base, messages: [{ role: 'user', content: 'x' }], stop_sequences: [1] },
      'stop_sequences',
    );
  });
});

describe('anthropic parseRequest: mapping', () => {
  it('maps the top-level settings and treats an omitted stream as false (trap 7)', () => {
    const request = parse({
      temperature: 0.3,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['END'],
      metadata: { user_id: 'u-1' },
    });
    expect(request).toMatchObject({
      model: 'claude-sonnet-4-5',
      maxOutputTokens: 1024,
      temperature: 0.3,
      topP: 0.9,
      topK: 40,
      stopSequences: ['END'],
      user: 'u-1',
      stream: false,
    });
    expect(parse({ stream: true }).stream).toBe(true);
    expect(parse({ stream: false }).stream).toBe(false);
  });

  it('keeps unknown top-level fields in extensions.anthropic', () => {
    const request = parse({ service_tier: 'auto', container: 'c1', metadata: { user_id: 'u' } });
    expect(request.extensions).toEqual({
      anthropic: { service_tier: 'auto', container: 'c1', metadata: { user_id: 'u' } },
    });
    expect(parse({}).extensions).toBeUndefined();
  });

  it('reads a string system prompt and text blocks with cache_control', () => {
    expect(parse({ system: 'Be brief.' }).system).toEqual([{ type: 'text', text: 'Be brief.' }]);
    expect(
      parse({
        system: [
          { type: 'text', text: 'A' },
          { type: 'text', text: 'B', cache_control: { type: 'ephemeral', ttl: '1h' } },
        ],
      }).system,
    ).toEqual([
      { type: 'text', text: 'A' },
      { type: 'text', text: 'B', cache: { type: 'ephemeral', ttl: '1h' } },
    ]);
  });

  it('reads text with cache hints and citations as annotations', () => {
    const citation = { type: 'char_location', cited_text: 'x', document_index: 0 };
    const request = parse({
      messages: [
        {
          role: 'user',
          content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral' } }],
        },
        { role: 'assistant', content: [{ type: 'text', text: 'yo', citations: [citation] }] },
      ],
    });
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'hi', cache: { type: 'ephemeral' } }] },
      { role: 'assistant', content: [{ type: 'text', text: 'yo', annotations: [citation] }] },
    ]);
  });

  it('reads base64 and URL images (trap 6)', () => {
    const request = parse({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBO' } },
            { type: 'image', source: { type: 'url', url: 'https://x.test/a.jpg' } },
          ],
        },
      ],
    });
    expect(request.messages[0]?.content).toEqual([
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBO' } },
      { type: 'image', source: { kind: 'url', url: 'https://x.test/a.jpg' } },
    ]);
  });

  it('reads documents: PDFs become files, text sources become text', () => {
    const request = parse({
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'document',
              title: 'spec.pdf',
              source: { type: 'base64', media_type: 'application/pdf', data: 'JVBE' },
            },
            { type: 'document', source: { type: 'url', url: 'https://x.test/a.pdf' } },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'notes' } },
            {
              type: 'document',
              source: { type: 'content', content: [{ type: 'text', text: 'c' }] },
            },
          ],
        },
      ],
    });
    expect(request.messages[0]?.content).toEqual([
      {
        type: 'file',
        filename: 'spec.pdf',
        source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBE' },
      },
      { type: 'file', source: { kind: 'url', url: 'https://x.test/a.pdf' } },
      { type: 'text', text: 'notes' },
      { type: 'text', text: 'c' },
    ]);
  });

  it('reads tool_use input as JSON text and tool_result with images and is_error (traps 3, 6)', () => {
    const request = parse({
      messages: [
        { role: 'user', content: 'weather?' },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'toolu_01A', name: 'shot', input: { city: 'Paris', n: 2 } },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_01A',
              is_error: true,
              content: [
                { type: 'text', text: 'partial' },
                {
                  type: 'image',
                  source: { type: 'base64', media_type: 'image/jpeg', data: '/9j' },
                },
              ],
            },
            { type: 'tool_result', tool_use_id: 'toolu_01B', content: 'plain' },
          ],
        },
      ],
    });
    expect(request.messages[1]?.content).toEqual([
      { type: 'tool_call', id: 'toolu_01A', name: 'shot', arguments: '{"city":"Paris","n":2}' },
    ]);
    expect(request.messages[2]?.content).toEqual([
      {
        type: 'tool_result',
        callId: 'toolu_01A',
        isError: true,
        content: [
          { type: 'text', text: 'partial' },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: '/9j' } },
        ],
      },
      { type: 'tool_result', callId: 'toolu_01B', content: [{ type: 'text', text: 'plain' }] },
    ]);
  });

  it('unseals sealed thinking signatures and attaches their origin (trap 1)', () => {
    const request = parse({
      messages: [
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'hmm', signature: 'sy1.gemini.c2lnbmVk' },
            { type: 'thinking', thinking: 'raw', signature: 'EqQBraw' },
            { type: 'thinking', thinking: 'unsigned', signature: '' },
            { type: 'redacted_thinking', data: 'sy1.cc.REDACTED' },
            { type: 'text', text: 'a' },
          ],
        },
      ],
    });
    expect(request.messages[1]?.content).toEqual([
      {
        type: 'reasoning',
        text: 'hmm',
        signature: 'c2lnbmVk',
        encryptedContent: 'c2lnbmVk',
        origin: { provider: 'gemini' },
      },
      { type: 'reasoning', text: 'raw', signature: 'EqQBraw' },
      { type: 'reasoning', text: 'unsigned' },
      { type: 'reasoning', text: '', redactedData: 'REDACTED', origin: { provider: 'cc' } },
      { type: 'text', text: 'a' },
    ]);
  });

  it('drops server-side tool blocks, which only Anthropic can use', () => {
    const request = parse({
      messages: [
        { role: 'user', content: 'search' },
        {
          role: 'assistant',
          content: [
            { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} },
            { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
            { type: 'text', text: 'found' },
          ],
        },
      ],
    });
    expect(request.messages[1]?.content).toEqual([{ type: 'text', text: 'found' }]);
  });

  it('splits custom tools from hosted ones', () => {
    const schema = { type: 'object', properties: { q: { type: 'string' } } };
    const search = { type: 'web_search_20250305', name: 'web_search', max_uses: 3 };
    const request = parse({
      tools: [
        {
          name: 'lookup',
          description: 'Find',
          input_schema: schema,
          cache_control: { type: 'ephemeral' },
        },
        { type: 'custom', name: 'strict_one', input_schema: schema, strict: true },
        search,
        { type: 'bash_20250124', name: 'bash' },
      ],
    });
    expect(request.tools).toEqual([
      { name: 'lookup', description: 'Find', parameters: schema, cache: { type: 'ephemeral' } },
      { name: 'strict_one', parameters: schema, strict: true },
    ]);
    expect(request.hostedTools).toEqual([
      { format: 'anthropic', raw: search },
      { format: 'anthropic', raw: { type: 'bash_20250124', name: 'bash' } },
    ]);
  });

  it('maps tool_choice and disable_parallel_tool_use (trap 4)', () => {
    expect(parse({ tool_choice: { type: 'auto' } }).toolChoice).toEqual({ type: 'auto' });
    expect(parse({ tool_choice: { type: 'any' } }).toolChoice).toEqual({ type: 'required' });
    expect(parse({ tool_choice: { type: 'none' } }).toolChoice).toEqual({ type: 'none' });
    expect(parse({ tool_choice: { type: 'tool', name: 'lookup' } }).toolChoice).toEqual({
      type: 'tool',
      name: 'lookup',
    });
    const noParallel = parse({ tool_choice: { type: 'auto', disable_parallel_tool_use: true } });
    expect(noParallel.parallelToolCalls).toBe(false);
    expect(parse({ tool_choice: { type: 'auto' } }).parallelToolCalls).toBeUndefined();
  });

  it('maps thinking configs to IR reasoning through the effort table', () => {
    expect(parse({ thinking: { type: 'enabled', budget_tokens: 10000 } }).reasoning).toEqual({
      enabled: true,
      budgetTokens: 10000,
      effort: 'medium',
    });
    expect(parse({ thinking: { type: 'enabled', budget_tokens: 2048 } }).reasoning?.effort).toBe(
      'low',
    );
    expect(parse({ thinking: { type: 'disabled' } }).reasoning).toEqual({ enabled: false });
    const adaptive = parse({ thinking: { type: 'adaptive' } });
    expect(adaptive.reasoning).toEqual({ enabled: true });
    expect(adaptive.extensions?.anthropic?.thinking).toEqual({ type: 'adaptive' });
  });

  it('takes output_config.effort as the effort', () => {
    const both = parse({
      thinking: { type: 'enabled', budget_tokens: 2048 },
      output_config: { effort: 'high' },
    });
    expect(both.reasoning).toEqual({ enabled: true, budgetTokens: 2048, effort: 'high' });
    expect(parse({ output_config: { effort: 'max' } }).reasoning).toEqual({
      enabled: true,
      effort: 'xhigh',
    });
    expect(
      parse({ thinking: { type: 'disabled' }, output_config: { effort: 'low' } }).reasoning,
    ).toEqual({ enabled: false });
    rejects(
      { ...base, messages: [{ role: 'user', content: 'x' }], output_config: { effort: 'huge' } },
      'output_config.effort',
    );
  });

  it('reads a structured output schema as the response format', () => {
    const schema = { type: 'object', properties: {} };
    const request = parse({ output_format: { type: 'json_schema', schema } });
    expect(request.responseFormat).toEqual({ type: 'json_schema', name: 'output', schema });
    expect(request.extensions?.anthropic?.output_format).toEqual({ type: 'json_schema', schema });
  });
});
