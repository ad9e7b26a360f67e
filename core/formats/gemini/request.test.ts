/** Request parsing and building for the Gemini codec. */
import { describe, expect, it } from 'vitest';

import { SwitchyardError } from '../../shared/errors.js';
import type { Request } from '../ir/types.js';
import { buildRequest, parseRequest } from './request.js';

const base = (extra: Record<string, unknown> = {}) => ({
  model: 'gemini-2.5-pro',
  contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
  ...extra,
});

const ir = (extra: Partial<Request> = {}): Request => ({
  model: 'gemini-2.5-pro',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  stream: false,
  ...extra,
});

function rejects(body: unknown, param?: string): void {
  try {
    parseRequest(body);
  } catch (error) {
    expect(error).toBeInstanceOf(SwitchyardError);
    if (param !== undefined) expect((error as SwitchyardError).param).toBe(param);
    return;
  }
  throw new Error('expected parseRequest to throw');
}

describe('gemini parseRequest / buildRequest round trip', () => {
  it('restores a rich canonical request exactly (minus model, which goes in the URL)', () => {
    const body = {
      contents: [
        {
          role: 'user',
          parts: [
            { text: 'Weather in Paris and Rome? See photo.' },
            { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
            { fileData: { mimeType: 'application/pdf', fileUri: 'https://example.com/doc.pdf' } },
          ],
        },
        {
          role: 'model',
          parts: [
            { text: 'Let me check both.', thought: true, thoughtSignature: 'c2lnLXRob3VnaHQ=' },
            {
              functionCall: { name: 'get_weather', args: { city: 'Paris' } },
              thoughtSignature: 'c2lnLWNhbGw=',
            },
            { functionCall: { name: 'get_weather', args: { city: 'Rome' } } },
          ],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { name: 'get_weather', response: { result: 'Sunny, 24C' } } },
            { functionResponse: { name: 'get_weather', response: { temp: 20, sky: 'cloudy' } } },
          ],
        },
        { role: 'model', parts: [{ text: 'Paris is sunny.', thoughtSignature: 'c2lnLXRleHQ=' }] },
        { role: 'user', parts: [{ text: 'Thanks' }] },
      ],
      systemInstruction: { parts: [{ text: 'Be brief.' }, { text: 'Use metric.' }] },
      tools: [
        {
          functionDeclarations: [
            {
              name: 'get_weather',
              description: 'Current weather',
              parametersJsonSchema: {
                type: 'object',
                properties: { city: { type: 'string' } },
                required: ['city'],
                additionalProperties: false,
              },
            },
            { name: 'now', description: 'Current time' },
          ],
        },
        { googleSearch: {} },
      ],
      toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
      generationConfig: {
        maxOutputTokens: 2048,
        temperature: 0.4,
        topP: 0.9,
        topK: 40,
        stopSequences: ['END'],
        presencePenalty: 0.1,
        frequencyPenalty: 0.2,
        seed: 7,
        candidateCount: 1,
        thinkingConfig: { thinkingBudget: 4096, includeThoughts: true },
      },
      safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
      cachedContent: 'cachedContents/abc',
      labels: { team: 'x' },
    };
    const parsed = parseRequest({ ...body, model: 'models/gemini-2.5-pro' });
    expect(parsed.model).toBe('gemini-2.5-pro');
    expect(parsed.stream).toBe(false);
    expect(buildRequest(parsed)).toEqual(body);
    // Deterministic: the same history translates identically every time.
    expect(parseRequest({ ...body, model: 'm' })).toEqual({ ...parsed, model: 'm' });
  });

  it('puts unknown fields in extensions.gemini and never emits model or stream', () => {
    const parsed = parseRequest(base({ stream: true, cachedContent: 'c/1', futureField: 1 }));
    expect(parsed.stream).toBe(true);
    expect(parsed.extensions?.gemini).toEqual({ cachedContent: 'c/1', futureField: 1 });
    const built = buildRequest(parsed);
    expect(built).not.toHaveProperty('model');
    expect(built).not.toHaveProperty('stream');
    expect(built.futureField).toBe(1);
  });

  it('does not emit another format’s extensions', () => {
    const built = buildRequest(ir({ extensions: { anthropic: { metadata: { user_id: 'u' } } } }));
    expect(Object.keys(built)).toEqual(['contents']);
  });

  it('accepts snake_case field names as the REST API does', () => {
    const parsed = parseRequest({
      model: 'gemini-2.5-flash',
      system_instruction: { parts: [{ text: 'sys' }] },
      contents: [
        { role: 'user', parts: [{ inline_data: { mime_type: 'image/jpeg', data: 'AAAA' } }] },
      ],
      generation_config: { max_output_tokens: 10, thinking_config: { thinking_budget: 0 } },
      tool_config: { function_calling_config: { mode: 'NONE' } },
      tools: [{ function_declarations: [{ name: 'f' }] }],
    });
    expect(parsed.system).toEqual([{ type: 'text', text: 'sys' }]);
    expect(parsed.messages[0]?.content[0]).toEqual({
      type: 'image',
      source: { kind: 'base64', mediaType: 'image/jpeg', data: 'AAAA' },
    });
    expect(parsed.maxOutputTokens).toBe(10);
    expect(parsed.reasoning).toEqual({ enabled: false });
    expect(parsed.toolChoice).toEqual({ type: 'none' });
    expect(parsed.tools?.[0]?.name).toBe('f');
  });

  it('accepts a string systemInstruction', () => {
    expect(parseRequest(base({ systemInstruction: 'Be kind.' })).system).toEqual([
      { type: 'text', text: 'Be kind.' },
    ]);
  });
});

describe('gemini request validation', () => {
  it('rejects bad bodies with the field named', () => {
    rejects('nope');
    rejects({ contents: [] }, 'model');
    rejects({ model: 'm' }, 'contents');
    rejects({ model: 'm', contents: [] }, 'contents');
    rejects({ model: 'm', contents: ['x'] }, 'contents[0]');
    rejects({ model: 'm', contents: [{ role: 'system', parts: [] }] }, 'contents[0].role');
    rejects({ model: 'm', contents: [{ role: 'user' }] }, 'contents[0].parts');
    rejects({ model: 'm', contents: [{ parts: [{ text: 5 }] }] }, 'contents[0].parts[0].text');
    rejects({ model: 'm', contents: [{ parts: [7] }] }, 'contents[0].parts[0]');
    rejects(base({ tools: {} }), 'tools');
    rejects(
      base({ tools: [{ functionDeclarations: [{}] }] }),
      'tools[0].functionDeclarations[0].name',
    );
    rejects(base({ generationConfig: { temperature: 'hot' } }), 'generationConfig.temperature');
    rejects(base({ generationConfig: { stopSequences: [1] } }), 'generationConfig.stopSequences');
  });

  it('treats a content without role as user', () => {
    const parsed = parseRequest({ model: 'm', contents: [{ parts: [{ text: 'x' }] }] });
    expect(parsed.messages[0]?.role).toBe('user');
  });
});

describe('gemini tool-call ids (trap 3)', () => {
  const history = {
    model: 'm',
    contents: [
      { role: 'user', parts: [{ text: 'go' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'read', args: { path: 'a' } } },
          { functionCall: { name: 'list', args: {} } },
          { functionCall: { name: 'read', args: { path: 'b' } } },
        ],
      },
      { role: 'user', parts: [{ functionResponse: { name: 'read', response: { result: 'A' } } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'list', response: { result: 'L' } } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'read', response: { result: 'B' } } }] },
    ],
  };

  it('derives ids from position and matches responses by name and order', () => {
    const parsed = parseRequest(history);
    const calls = parsed.messages[1]?.content;
    expect(calls?.map((p) => (p.type === 'tool_call' ? p.id : ''))).toEqual([
      'call_1_0',
      'call_1_1',
      'call_1_2',
    ]);
    // The three user turns of results merge into one IR user message.
    expect(parsed.messages).toHaveLength(3);
    const results = parsed.messages[2]?.content ?? [];
    expect(results.map((p) => (p.type === 'tool_result' ? [p.callId, p.content[0]] : []))).toEqual([
      ['call_1_0', { type: 'text', text: 'A' }],
      ['call_1_1', { type: 'text', text: 'L' }],
      ['call_1_2', { type: 'text', text: 'B' }],
    ]);
  });

  it('uses Gemini ids when present', () => {
    const parsed = parseRequest({
      model: 'm',
      contents: [
        {
          role: 'model',
          parts: [
            { functionCall: { id: 'x1', name: 'f', args: {} } },
            { functionCall: { id: 'x2', name: 'f', args: {} } },
          ],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { id: 'x2', name: 'f', response: {} } },
            { functionResponse: { name: 'f', response: {} } },
          ],
        },
      ],
    });
    const results = parsed.messages[1]?.content.map((p) =>
      p.type === 'tool_result' ? p.callId : '',
    );
    expect(results).toEqual(['x2', 'x1']);
  });

  it('builds functionResponse names from the call when the IR result has none, without ids', () => {
    const built = buildRequest(
      ir({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'q' }] },
          {
            role: 'assistant',
            content: [
              { type: 'tool_call', id: 'toolu_01', name: 'search', arguments: '{"q":"x"}' },
            ],
          },
          {
            role: 'user',
            content: [
              { type: 'tool_result', callId: 'toolu_01', content: [{ type: 'text', text: 'r' }] },
            ],
          },
        ],
      }),
    );
    expect(built.contents).toEqual([
      { role: 'user', parts: [{ text: 'q' }] },
      { role: 'model', parts: [{ functionCall: { name: 'search', args: { q: 'x' } } }] },
      {
        role: 'user',
        parts: [{ functionResponse: { name: 'search', response: { result: 'r' } } }],
      },
    ]);
  });

  it('maps tool result errors, JSON results and images', () => {
    const built = buildRequest(
      ir({
        messages: [
          {
            role: 'assistant',
            content: [
              { type: 'tool_call', id: 'a', name: 'f', arguments: '' },
              { type: 'tool_call', id: 'b', name: 'g', arguments: '{}' },
            ],
          },
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                callId: 'a',
                isError: true,
                content: [{ type: 'text', text: 'boom' }],
              },
              {
                type: 'tool_result',
                callId: 'b',
                content: [
                  { type: 'text', text: '{"ok":true}' },
                  {
                    type: 'image',
                    source: { kind: 'base64', mediaType: 'image/png', data: 'PNG' },
                  },
                ],
              },
              { type: 'text', text: 'continue' },
            ],
          },
        ],
      }),
    );
    expect(built.contents).toEqual([
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'f', args: {} } },
          { functionCall: { name: 'g', args: {} } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'f', response: { error: 'boom' } } },
          { functionResponse: { name: 'g', response: { ok: true } } },
          { inlineData: { mimeType: 'image/png', data: 'PNG' } },
          { text: 'continue' },
        ],
      },
    ]);
  });

  it('reads error responses and multimodal functionResponse parts', () => {
    const parsed = parseRequest({
      model: 'm',
      contents: [
        { role: 'model', parts: [{ functionCall: { name: 'shot', args: {} } }] },
        {
          role: 'user',
          parts: [
            {
              functionResponse: {
                name: 'shot',
                response: { error: 'denied' },
                parts: [{ inlineData: { mimeType: 'image/png', data: 'QQ==' } }],
              },
            },
          ],
        },
      ],
    });
    expect(parsed.messages[1]?.content[0]).toEqual({
      type: 'tool_result',
      callId: 'call_0_0',
      name: 'shot',
      isError: true,
      content: [
        { type: 'text', text: 'denied' },
        { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'QQ==' } },
      ],
    });
  });
});

describe('gemini tool_choice (trap 4)', () => {
  const cases: [Record<string, unknown>, NonNullable<Request['toolChoice']>][] = [
    [{ mode: 'AUTO' }, { type: 'auto' }],
    [{ mode: 'NONE' }, { type: 'none' }],
    [{ mode: 'ANY' }, { type: 'required' }],
    [
      { mode: 'ANY', allowedFunctionNames: ['f'] },
      { type: 'tool', name: 'f' },
    ],
  ];
  it.each(cases)('maps %j both ways', (config, choice) => {
    const parsed = parseRequest(base({ toolConfig: { functionCallingConfig: config } }));
    expect(parsed.toolChoice).toEqual(choice);
    expect(buildRequest(ir({ toolChoice: choice })).toolConfig).toEqual({
      functionCallingConfig: config,
    });
  });

  it('keeps lossy configs (several allowed names, VALIDATED) for a Gemini hop', () => {
    const config = { mode: 'ANY', allowedFunctionNames: ['f', 'g'] };
    const parsed = parseRequest(base({ toolConfig: { functionCallingConfig: config } }));
    expect(parsed.toolChoice).toEqual({ type: 'required' });
    expect(buildRequest(parsed).toolConfig).toEqual({ functionCallingConfig: config });
    const validated = parseRequest(
      base({ toolConfig: { functionCallingConfig: { mode: 'VALIDATED' } } }),
    );
    expect(validated.toolChoice).toEqual({ type: 'auto' });
    expect(buildRequest(validated).toolConfig).toEqual({
      functionCallingConfig: { mode: 'VALIDATED' },
    });
  });
});

describe('gemini reasoning config (trap 2)', () => {
  it('maps thinkingConfig to IR', () => {
    const parse = (thinkingConfig: unknown) =>
      parseRequest(base({ generationConfig: { thinkingConfig } })).reasoning;
    expect(parse({ thinkingBudget: 2048, includeThoughts: true })).toEqual({
      enabled: true,
      budgetTokens: 2048,
    });
    expect(parse({ thinkingBudget: 0 })).toEqual({ enabled: false });
    expect(parse({ thinkingLevel: 'high' })).toEqual({ enabled: true, effort: 'high' });
    expect(parse({ thinkingLevel: 'LOW' })).toEqual({ enabled: true, effort: 'low' });
    expect(parse({ thinkingBudget: -1 })).toEqual({ enabled: true });
    expect(parse({ includeThoughts: false })).toBeUndefined();
  });

  it('round-trips Gemini thinking configs exactly', () => {
    for (const thinkingConfig of [
      { thinkingBudget: 2048 },
      { thinkingBudget: 0 },
      { thinkingLevel: 'low', includeThoughts: true },
      { thinkingBudget: -1, includeThoughts: true },
      { includeThoughts: false },
    ]) {
      const parsed = parseRequest(base({ generationConfig: { thinkingConfig } }));
      expect(buildRequest(parsed).generationConfig).toEqual({ thinkingConfig });
    }
  });

  it('builds thinkingConfig from other formats’ reasoning', () => {
    const build = (reasoning: Request['reasoning']) =>
      buildRequest(ir(reasoning === undefined ? {} : { reasoning })).generationConfig;
    expect(build({ enabled: true, budgetTokens: 5000 })).toEqual({
      thinkingConfig: { thinkingBudget: 5000, includeThoughts: true },
    });
    expect(build({ enabled: true, effort: 'high' })).toEqual({
      thinkingConfig: { thinkingBudget: 24_576, includeThoughts: true },
    });
    expect(build({ enabled: false })).toEqual({ thinkingConfig: { thinkingBudget: 0 } });
    expect(build(undefined)).toBeUndefined();
  });

  it('keeps the reasoning config when the last message is a tool result', () => {
    const parsed = parseRequest({
      model: 'm',
      contents: [
        { role: 'user', parts: [{ text: 'q' }] },
        { role: 'model', parts: [{ functionCall: { name: 'f', args: {} } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'f', response: { result: 'x' } } }] },
      ],
      generationConfig: { thinkingConfig: { thinkingBudget: 1024, includeThoughts: true } },
    });
    expect(parsed.reasoning).toEqual({ enabled: true, budgetTokens: 1024 });
    expect(buildRequest(parsed).generationConfig).toEqual({
      thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
    });
  });
});

describe('gemini signatures (trap 1)', () => {
  it('unseals client signatures and records their origin', () => {
    const parsed = parseRequest({
      model: 'm',
      contents: [
        {
          role: 'model',
          parts: [
            { text: 'thinking', thought: true, thoughtSignature: 'sy1.anthropic.ErUBCkYI' },
            { functionCall: { name: 'f', args: {} }, thoughtSignature: 'sy1.gemini.Q0FMTA==' },
            { text: 'raw', thought: true, thoughtSignature: 'plainsig' },
          ],
        },
      ],
    });
    expect(parsed.messages[0]?.content).toEqual([
      {
        type: 'reasoning',
        text: 'thinking',
        signature: 'ErUBCkYI',
        origin: { provider: 'anthropic' },
      },
      {
        type: 'tool_call',
        id: 'call_0_1',
        name: 'f',
        arguments: '{}',
        signature: 'Q0FMTA==',
        origin: { provider: 'gemini' },
      },
      { type: 'reasoning', text: 'raw', signature: 'plainsig' },
    ]);
  });

  it('folds a streamed empty signed thought into the thoughts before it', () => {
    const parsed = parseRequest({
      model: 'm',
      contents: [
        {
          role: 'model',
          parts: [
            { text: 'Let me ', thought: true },
            { text: 'think.', thought: true },
            { text: '', thought: true, thoughtSignature: 'sy1.anthropic.SIG' },
            { text: 'Answer' },
          ],
        },
      ],
    });
    expect(parsed.messages[0]?.content).toEqual([
      {
        type: 'reasoning',
        text: 'Let me think.',
        signature: 'SIG',
        origin: { provider: 'anthropic' },
      },
      { type: 'text', text: 'Answer' },
    ]);
  });

  it('writes IR signatures as-is and drops unsigned or foreign-only reasoning', () => {
    const built = buildRequest(
      ir({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'q' }] },
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'unsigned thoughts' },
              { type: 'reasoning', text: '', redactedData: 'opaque' },
              {
                type: 'reasoning',
                text: 'signed',
                signature: 'S1',
                origin: { provider: 'gemini' },
              },
              { type: 'text', text: 'hello', cache: { type: 'ephemeral' } },
              { type: 'tool_call', id: 't', name: 'f', arguments: '{"a":1}', signature: 'S2' },
            ],
          },
        ],
      }),
    );
    expect(built.contents).toEqual([
      { role: 'user', parts: [{ text: 'q' }] },
      {
        role: 'model',
        parts: [
          { text: 'signed', thought: true, thoughtSignature: 'S1' },
          { text: 'hello' },
          { functionCall: { name: 'f', args: { a: 1 } }, thoughtSignature: 'S2' },
        ],
      },
    ]);
  });

  it('drops a model turn of only unsigned reasoning and merges the user turns', () => {
    const built = buildRequest(
      ir({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'a' }] },
          { role: 'assistant', content: [{ type: 'reasoning', text: 'hmm' }] },
          { role: 'user', content: [{ type: 'text', text: 'b' }] },
        ],
      }),
    );
    expect(built.contents).toEqual([{ role: 'user', parts: [{ text: 'a' }, { text: 'b' }] }]);
  });
});

describe('gemini images and files (trap 6)', () => {
  it('builds base64, data URL and http URL sources', () => {
    const built = buildRequest(
      ir({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { kind: 'base64', mediaType: 'image/webp', data: 'V0VC' } },
              { type: 'image', source: { kind: 'url', url: 'data:image/png;base64,UE5H' } },
              { type: 'image', source: { kind: 'url', url: 'https://x.test/cat.JPG?s=1' } },
              { type: 'image', source: { kind: 'url', url: 'https://x.test/img' } },
              {
                type: 'file',
                source: { kind: 'base64', mediaType: 'application/pdf', data: 'UERG' },
              },
            ],
          },
        ],
      }),
    );
    expect(built.contents).toEqual([
      {
        role: 'user',
        parts: [
          { inlineData: { mimeType: 'image/webp', data: 'V0VC' } },
          { inlineData: { mimeType: 'image/png', data: 'UE5H' } },
          { fileData: { mimeType: 'image/jpeg', fileUri: 'https://x.test/cat.JPG?s=1' } },
          { fileData: { mimeType: 'image/jpeg', fileUri: 'https://x.test/img' } },
          { inlineData: { mimeType: 'application/pdf', data: 'UERG' } },
        ],
      },
    ]);
  });

  it('parses non-image inlineData as a file part', () => {
    const parsed = parseRequest({
      model: 'm',
      contents: [{ parts: [{ inlineData: { mimeType: 'audio/wav', data: 'UklG' } }] }],
    });
    expect(parsed.messages[0]?.content[0]).toEqual({
      type: 'file',
      source: { kind: 'base64', mediaType: 'audio/wav', data: 'UklG' },
    });
  });
});

describe('gemini tools, response format and generation settings', () => {
  it('normalises OpenAPI `parameters` to JSON Schema and sends parametersJsonSchema', () => {
    const parsed = parseRequest(
      base({
        tools: [
          {
            functionDeclarations: [
              {
                name: 'f',
                parameters: {
                  type: 'OBJECT',
                  properties: {
                    n: { type: 'INTEGER' },
                    tags: { type: 'ARRAY', items: { type: 'STRING' } },
                  },
                },
              },
            ],
          },
        ],
      }),
    );
    const schema = {
      type: 'object',
      properties: { n: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } },
    };
    expect(parsed.tools?.[0]?.parameters).toEqual(schema);
    expect(buildRequest(parsed).tools).toEqual([
      { functionDeclarations: [{ name: 'f', parametersJsonSchema: schema }] },
    ]);
  });

  it('sends full JSON Schema untouched and skips other formats’ hosted tools', () => {
    const parameters = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { node: { $ref: '#/$defs/node' } },
      $defs: { node: { type: 'object', additionalProperties: false } },
    };
    const built = buildRequest(
      ir({
        tools: [{ name: 'tree', parameters, strict: true }],
        hostedTools: [{ format: 'anthropic', raw: { type: 'web_search_20250305' } }],
      }),
    );
    expect(built.tools).toEqual([
      { functionDeclarations: [{ name: 'tree', parametersJsonSchema: parameters }] },
    ]);
  });

  it('maps responseMimeType and schemas to responseFormat and back', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    const json = parseRequest(base({ generationConfig: { responseMimeType: 'application/json' } }));
    expect(json.responseFormat).toEqual({ type: 'json_object' });
    const withSchema = parseRequest(
      base({
        generationConfig: { responseMimeType: 'application/json', responseJsonSchema: schema },
      }),
    );
    expect(withSchema.responseFormat).toEqual({ type: 'json_schema', name: 'response', schema });
    expect(buildRequest(withSchema).generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseJsonSchema: schema,
    });
    const openApi = parseRequest(
      base({
        generationConfig: {
          responseMimeType: 'application/json',
          responseSchema: { type: 'OBJECT', properties: { a: { type: 'STRING' } } },
        },
      }),
    );
    expect(openApi.responseFormat).toEqual({ type: 'json_schema', name: 'response', schema });
    const enumFormat = {
      responseMimeType: 'text/x.enum',
      responseSchema: { type: 'STRING', enum: ['a'] },
    };
    const kept = parseRequest(base({ generationConfig: enumFormat }));
    expect(kept.responseFormat).toBeUndefined();
    expect(buildRequest(kept).generationConfig).toEqual(enumFormat);
  });

  it('builds generation settings from IR and drops cache hints and parallel flags', () => {
    const built = buildRequest(
      ir({
        system: [{ type: 'text', text: 'sys', cache: { type: 'ephemeral' } }],
        maxOutputTokens: 100,
        stopSequences: ['x'],
        parallelToolCalls: false,
        user: 'u',
        responseFormat: { type: 'json_object' },
      }),
    );
    expect(built).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
      systemInstruction: { parts: [{ text: 'sys' }] },
      generationConfig: {
        maxOutputTokens: 100,
        stopSequences: ['x'],
        responseMimeType: 'application/json',
      },
    });
  });
});
