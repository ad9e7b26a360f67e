/**
 * Every inbound × upstream pair with the content peers lose: an image, two
 * tools with a forced choice (trap 4), two parallel tool calls and their
 * results (trap 3), and cache-aware usage (trap 5). Raw JSON over real
 * sockets; each side is checked in its own wire shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireFormat } from '../../formats/ir/types.js';
import { WIRE_FORMATS } from '../../formats/ir/types.js';
import { startHarness, type Harness } from '../harness.js';

// Raw wire JSON of four vendors, read by hand; typing every shape here would hide the point.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.close();
});

// A 1×1 PNG.
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const TOOLS = [
  { name: 'get_weather', description: 'Weather for a city' },
  { name: 'get_time', description: 'Local time in a city' },
];
const SCHEMA = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
const USAGE = { input: 50, output: 20, cacheRead: 30, cacheWrite: 10 };

interface ClientSide {
  path(model: string): string;
  first(model: string): Json;
  /** The follow-up turn: the assistant's calls as the client got them, then both results. */
  second(model: string, firstBody: Json, reply: Json): Json;
  calls(reply: Json): { id?: string; name: string }[];
  usage(reply: Json): { totalInput: number; cacheRead: number; output: number };
}

const CLIENTS: Record<WireFormat, ClientSide> = {
  'openai-chat': {
    path: () => '/v1/chat/completions',
    first: (model) => ({
      model,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather and time in Paris? See the picture.' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
          ],
        },
      ],
      tools: TOOLS.map((tool) => ({
        type: 'function',
        function: { ...tool, parameters: SCHEMA },
      })),
      tool_choice: 'required',
    }),
    second: (model, first, reply) => ({
      ...first,
      model,
      messages: [
        ...first['messages'],
        reply['choices'][0].message,
        ...reply['choices'][0].message.tool_calls.map((call: Json, index: number) => ({
          role: 'tool',
          tool_call_id: call['id'],
          content: `result ${index}`,
        })),
      ],
    }),
    calls: (reply) =>
      reply['choices'][0].message.tool_calls.map((call: Json) => ({
        id: call['id'],
        name: call['function'].name,
      })),
    usage: (reply) => ({
      totalInput: reply['usage'].prompt_tokens,
      cacheRead: reply['usage'].prompt_tokens_details?.cached_tokens ?? 0,
      output: reply['usage'].completion_tokens,
    }),
  },
  'openai-responses': {
    path: () => '/v1/responses',
    first: (model) => ({
      model,
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'Weather and time in Paris? See the picture.' },
            { type: 'input_image', image_url: `data:image/png;base64,${PNG}` },
          ],
        },
      ],
      tools: TOOLS.map((tool) => ({ type: 'function', ...tool, parameters: SCHEMA })),
      tool_choice: 'required',
    }),
    second: (model, first, reply) => ({
      ...first,
      model,
      input: [
        ...first['input'],
        ...reply['output'],
        ...reply['output']
          .filter((item: Json) => item['type'] === 'function_call')
          .map((item: Json, index: number) => ({
            type: 'function_call_output',
            call_id: item['call_id'],
            output: `result ${index}`,
          })),
      ],
    }),
    calls: (reply) =>
      reply['output']
        .filter((item: Json) => item['type'] === 'function_call')
        .map((item: Json) => ({ id: item['call_id'], name: item['name'] })),
    usage: (reply) => ({
      totalInput: reply['usage'].input_tokens,
      cacheRead: reply['usage'].input_tokens_details?.cached_tokens ?? 0,
      output: reply['usage'].output_tokens,
    }),
  },
  anthropic: {
    path: () => '/v1/messages',
    first: (model) => ({
      model,
      max_tokens: 512,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather and time in Paris? See the picture.' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
          ],
        },
      ],
      tools: TOOLS.map((tool) => ({ ...tool, input_schema: SCHEMA })),
      tool_choice: { type: 'any' },
    }),
    second: (model, first, reply) => ({
      ...first,
      model,
      messages: [
        ...first['messages'],
        { role: 'assistant', content: reply['content'] },
        {
          role: 'user',
          content: reply['content']
            .filter((block: Json) => block['type'] === 'tool_use')
            .map((block: Json, index: number) => ({
              type: 'tool_result',
              tool_use_id: block['id'],
              content: `result ${index}`,
            })),
        },
      ],
    }),
    calls: (reply) =>
      reply['content']
        .filter((block: Json) => block['type'] === 'tool_use')
        .map((block: Json) => ({ id: block['id'], name: block['name'] })),
    usage: (reply) => ({
      totalInput:
        reply['usage'].input_tokens +
        (reply['usage'].cache_read_input_tokens ?? 0) +
        (reply['usage'].cache_creation_input_tokens ?? 0),
      cacheRead: reply['usage'].cache_read_input_tokens ?? 0,
      output: reply['usage'].output_tokens,
    }),
  },
  gemini: {
    path: (model) => `/v1beta/models/${model}:generateContent`,
    first: () => ({
      contents: [
        {
          role: 'user',
          parts: [
            { text: 'Weather and time in Paris? See the picture.' },
            { inlineData: { mimeType: 'image/png', data: PNG } },
          ],
        },
      ],
      tools: [{ functionDeclarations: TOOLS.map((tool) => ({ ...tool, parameters: SCHEMA })) }],
      toolConfig: { functionCallingConfig: { mode: 'ANY' } },
    }),
    second: (_model, first, reply) => {
      const content = reply['candidates'][0].content;
      return {
        ...first,
        contents: [
          ...first['contents'],
          content,
          {
            role: 'user',
            parts: content.parts
              .filter((part: Json) => part['functionCall'] !== undefined)
              .map((part: Json, index: number) => ({
                functionResponse: {
                  name: part['functionCall'].name,
                  response: { result: `result ${index}` },
                },
              })),
          },
        ],
      };
    },
    calls: (reply) =>
      reply['candidates'][0].content.parts
        .filter((part: Json) => part['functionCall'] !== undefined)
        .map((part: Json) => ({ name: part['functionCall'].name })),
    usage: (reply) => ({
      totalInput: reply['usageMetadata'].promptTokenCount,
      cacheRead: reply['usageMetadata'].cachedContentTokenCount ?? 0,
      output:
        reply['usageMetadata'].candidatesTokenCount +
        (reply['usageMetadata'].thoughtsTokenCount ?? 0),
    }),
  },
};

interface UpstreamSide {
  image(body: Json): unknown;
  toolChoice(body: Json): unknown;
  /** Call and result ids (names for Gemini) in the follow-up request. */
  links(body: Json): { calls: string[]; results: string[] };
}

const UPSTREAMS: Record<WireFormat, UpstreamSide> = {
  'openai-chat': {
    image: (body) =>
      body['messages'][0].content.find((part: Json) => part['type'] === 'image_url')?.image_url.url,
    toolChoice: (body) => body['tool_choice'],
    links: (body) => ({
      calls: body['messages'].flatMap((message: Json) =>
        (message['tool_calls'] ?? []).map((call: Json) => call['id']),
      ),
      results: body['messages']
        .filter((message: Json) => message['role'] === 'tool')
        .map((message: Json) => message['tool_call_id']),
    }),
  },
  'openai-responses': {
    image: (body) =>
      body['input'][0].content.find((part: Json) => part['type'] === 'input_image')?.image_url,
    toolChoice: (body) => body['tool_choice'],
    links: (body) => ({
      calls: body['input']
        .filter((item: Json) => item['type'] === 'function_call')
        .map((item: Json) => item['call_id']),
      results: body['input']
        .filter((item: Json) => item['type'] === 'function_call_output')
        .map((item: Json) => item['call_id']),
    }),
  },
  anthropic: {
    image: (body) => {
      const block = body['messages'][0].content.find((part: Json) => part['type'] === 'image');
      return block === undefined
        ? undefined
        : `data:${block.source.media_type};base64,${block.source.data}`;
    },
    toolChoice: (body) => body['tool_choice'],
    links: (body) => ({
      calls: body['messages'].flatMap((message: Json) =>
        Array.isArray(message['content'])
          ? message['content']
              .filter((block: Json) => block['type'] === 'tool_use')
              .map((block: Json) => block['id'])
          : [],
      ),
      results: body['messages'].flatMap((message: Json) =>
        Array.isArray(message['content'])
          ? message['content']
              .filter((block: Json) => block['type'] === 'tool_result')
              .map((block: Json) => block['tool_use_id'])
          : [],
      ),
    }),
  },
  gemini: {
    image: (body) => {
      const part = body['contents'][0].parts.find((item: Json) => item['inlineData'] !== undefined);
      return part === undefined
        ? undefined
        : `data:${part.inlineData.mimeType};base64,${part.inlineData.data}`;
    },
    toolChoice: (body) => body['toolConfig']?.functionCallingConfig?.mode,
    links: (body) => ({
      calls: body['contents'].flatMap((content: Json) =>
        content['parts']
          .filter((part: Json) => part['functionCall'] !== undefined)
          .map((part: Json) => part['functionCall'].name),
      ),
      results: body['contents'].flatMap((content: Json) =>
        content['parts']
          .filter((part: Json) => part['functionResponse'] !== undefined)
          .map((part: Json) => part['functionResponse'].name),
      ),
    }),
  },
};

const FORCED_CHOICE: Record<WireFormat, unknown> = {
  'openai-chat': 'required',
  'openai-responses': 'required',
  anthropic: { type: 'any' },
  gemini: 'ANY',
};

async function post(path: string, body: Json): Promise<Json> {
  const response = await fetch(`${harness.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': harness.routerKey,
      'anthropic-version': '2023-06-01',
    },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Json;
  expect(response.status, JSON.stringify(json)).toBe(200);
  return json;
}

describe.each(WIRE_FORMATS)('%s client', (inbound) => {
  describe.each(WIRE_FORMATS)('→ %s upstream', (upstream) => {
    it('carries an image, a forced tool choice, parallel calls with their results, and cache usage (traps 3–6)', async () => {
      const client = CLIENTS[inbound];
      const side = UPSTREAMS[upstream];
      const fake = harness.fakes[upstream];
      fake.reset();
      fake.enqueue(
        {
          reply: {
            toolCalls: [
              { name: 'get_weather', arguments: { city: 'Paris' } },
              { name: 'get_time', arguments: { city: 'Paris' } },
            ],
            usage: USAGE,
          },
        },
        { reply: { text: 'Sunny, and it is noon.' } },
      );
      const model = harness.model(upstream);

      const firstBody = client.first(model);
      const reply = await post(client.path(model), firstBody);
      const sent = fake.requests[0]?.body as Json;
      expect(side.image(sent)).toBe(`data:image/png;base64,${PNG}`);
      expect(side.toolChoice(sent)).toEqual(FORCED_CHOICE[upstream]);
      expect(client.calls(reply).map((call) => call.name)).toEqual(['get_weather', 'get_time']);
      // Trap 5: what the upstream counted, with cache reads apart and nothing padded.
      expect(client.usage(reply)).toEqual({ totalInput: 90, cacheRead: 30, output: 20 });

      await post(client.path(model), client.second(model, firstBody, reply));
      const links = side.links(fake.requests[1]?.body as Json);
      expect(links.calls).toHaveLength(2);
      expect(links.results).toEqual(links.calls);
    });
  });
});
