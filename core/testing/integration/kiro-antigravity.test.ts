/**
 * Kiro and Antigravity accounts serving OpenAI chat and Anthropic clients end
 * to end: text and tool calls, streamed and not, the upstream bodies they
 * require, and a 429 that falls back to the next account.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OAuthTokens } from '../../auth/types.js';
import { SseParser } from '../../sse/parser.js';
import { startFleet, type Fleet } from '../fleet.js';
import { UPSTREAM_KEY } from '../harness.js';

const tokens = (extra: Record<string, string>): OAuthTokens => ({
  accessToken: UPSTREAM_KEY,
  refreshToken: 'refresh-test',
  expiresAt: Date.UTC(2099, 0, 1),
  extra,
});

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet([
    { id: 'kr-a', prefix: 'kr', format: 'kiro', kind: 'kr', priority: 0, oauth: tokens({}) },
    { id: 'kr-b', prefix: 'kr', format: 'kiro', kind: 'kr', priority: 1, oauth: tokens({}) },
    {
      id: 'ag-a',
      prefix: 'ag',
      format: 'antigravity',
      kind: 'ag',
      priority: 0,
      oauth: tokens({ project: 'proj-a' }),
    },
    {
      id: 'ag-b',
      prefix: 'ag',
      format: 'antigravity',
      kind: 'ag',
      priority: 1,
      oauth: tokens({ project: 'proj-b' }),
    },
  ]);
});
afterAll(async () => {
  await fleet.close();
});
beforeEach(() => {
  for (const fake of Object.values(fleet.fakes)) fake.reset();
});

const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } } },
};

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${fleet.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${fleet.routerKey}`,
      'anthropic-version': '2023-06-01',
    },
    body: JSON.stringify(body),
  });
}

async function sse(response: Response): Promise<unknown[]> {
  const parser = new SseParser();
  const events = [...parser.push(await response.text()), ...parser.end()];
  return events.filter((e) => e.data !== '[DONE]').map((e) => JSON.parse(e.data) as unknown);
}

function chatBody(model: string, stream: boolean, tools: boolean) {
  return {
    model,
    stream,
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Paris?' },
    ],
    ...(tools ? { tools: [{ type: 'function', function: WEATHER_TOOL }] } : {}),
  };
}

function messagesBody(model: string, stream: boolean, tools: boolean) {
  return {
    model,
    stream,
    max_tokens: 256,
    system: 'Be brief.',
    messages: [{ role: 'user', content: 'Weather in Paris?' }],
    ...(tools
      ? {
          tools: [
            {
              name: WEATHER_TOOL.name,
              description: WEATHER_TOOL.description,
              input_schema: WEATHER_TOOL.parameters,
            },
          ],
        }
      : {}),
  };
}

const CASES = [
  { label: 'Kiro', model: 'kr/claude-sonnet-4.5', first: 'kr-a', second: 'kr-b' },
  { label: 'Antigravity', model: 'ag/gemini-3-pro-high', first: 'ag-a', second: 'ag-b' },
] as const;

describe.each(CASES)('$label accounts', ({ model, first, second }) => {
  const fake = () => {
    const found = fleet.fakes[first];
    if (found === undefined) throw new Error('no fake');
    return found;
  };
  const textTurn = { reply: { text: 'Sunny and mild.' } };
  const toolTurn = {
    reply: { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] },
  };

  it('answers an OpenAI chat client with text, not streamed', async () => {
    fake().enqueue(textTurn);
    const response = await post('/v1/chat/completions', chatBody(model, false, false));
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      choices: { message: { content: string }; finish_reason: string }[];
    };
    expect(body.choices[0]?.message.content).toBe('Sunny and mild.');
    expect(body.choices[0]?.finish_reason).toBe('stop');
  });

  it('streams a tool call to an OpenAI chat client', async () => {
    fake().enqueue(toolTurn);
    const response = await post('/v1/chat/completions', chatBody(model, true, true));
    expect(response.status).toBe(200);
    const chunks = (await sse(response)) as {
      choices?: {
        delta: { tool_calls?: { function?: { name?: string; arguments?: string } }[] };
        finish_reason?: string | null;
      }[];
    }[];
    const calls = chunks.flatMap((c) => c.choices?.[0]?.delta.tool_calls ?? []);
    expect(calls.find((c) => c.function?.name !== undefined)?.function?.name).toBe('get_weather');
    expect(JSON.parse(calls.map((c) => c.function?.arguments ?? '').join(''))).toEqual({
      city: 'Paris',
    });
    expect(chunks.some((c) => c.choices?.[0]?.finish_reason === 'tool_calls')).toBe(true);
  });

  it('answers an Anthropic client with a tool call, not streamed', async () => {
    fake().enqueue(toolTurn);
    const response = await post('/v1/messages', messagesBody(model, false, true));
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      content: { type: string; name?: string; input?: unknown }[];
      stop_reason: string;
    };
    expect(body.content).toContainEqual(
      expect.objectContaining({ type: 'tool_use', name: 'get_weather', input: { city: 'Paris' } }),
    );
    expect(body.stop_reason).toBe('tool_use');
  });

  it('streams text to an Anthropic client', async () => {
    fake().enqueue(textTurn);
    const response = await post('/v1/messages', messagesBody(model, true, false));
    expect(response.status).toBe(200);
    const events = (await sse(response)) as { type: string; delta?: { text?: string } }[];
    const text = events
      .map((e) => (e.type === 'content_block_delta' ? e.delta?.text : ''))
      .join('');
    expect(text).toBe('Sunny and mild.');
    expect(events.at(-1)?.type).toBe('message_stop');
  });

  it('falls back to the next account on a 429', async () => {
    fake().enqueue({ error: { status: 429 } });
    fleet.fakes[second]?.enqueue(textTurn);
    const response = await post('/v1/chat/completions', chatBody(model, false, false));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-route')).toContain(`account=${second}`);
    expect(fake().requests).toHaveLength(1);
    fleet.clock.advance(24 * 3600_000);
  });
});

/** The one request either account of a prefix received (conversation affinity picks which). */
function received(...ids: string[]) {
  const requests = ids.flatMap((id) => fleet.fakes[id]?.requests ?? []);
  expect(requests).toHaveLength(1);
  return requests[0];
}

describe('what the upstreams receive', () => {
  it('sends Kiro a conversationState with the system text and tools', async () => {
    await post('/v1/chat/completions', chatBody('kr/claude-sonnet-4.5', false, true));
    const request = received('kr-a', 'kr-b');
    expect(request?.path).toBe('/generateAssistantResponse');
    expect(request?.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
    expect(request?.body).toMatchObject({
      conversationState: {
        chatTriggerType: 'MANUAL',
        currentMessage: {
          userInputMessage: {
            content: 'Be brief.\n\nWeather in Paris?',
            modelId: 'claude-sonnet-4.5',
            userInputMessageContext: { tools: [{ toolSpecification: { name: 'get_weather' } }] },
          },
        },
        history: [],
      },
    });
  });

  it('sends Antigravity the account project in the envelope, always as SSE', async () => {
    await post('/v1/chat/completions', chatBody('ag/gemini-3-pro-high', false, false));
    const request = received('ag-a', 'ag-b');
    expect(request?.path).toBe('/v1internal:streamGenerateContent');
    expect(request?.query).toEqual({ alt: 'sse' });
    expect(request?.body).toMatchObject({
      project: expect.stringMatching(/^proj-[ab]$/) as unknown,
      model: 'gemini-3-pro-high',
      request: { systemInstruction: { parts: [{ text: 'Be brief.' }] } },
    });
  });
});
