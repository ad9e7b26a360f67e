/**
 * Every client format × every upstream format, streamed and not, through the
 * real server with the vendors' official SDKs: a plain answer with usage, and
 * a two-turn tool-use conversation with reasoning that must survive the trip.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireFormat } from '../../formats/ir/types.js';
import { startHarness, type Harness } from '../harness.js';
import { allDrivers, type ClientDriver } from './drivers.js';

const UPSTREAMS: WireFormat[] = ['openai-chat', 'openai-responses', 'anthropic', 'gemini'];
const CLIENTS = ['openai-chat', 'openai-responses', 'anthropic', 'gemini'] as const;

let harness: Harness;
let drivers: Map<string, ClientDriver>;

beforeAll(async () => {
  harness = await startHarness();
  drivers = new Map(
    allDrivers(harness.url, harness.routerKey).map((driver) => [driver.format, driver]),
  );
});

afterAll(async () => {
  await harness.close();
});

function driver(format: string): ClientDriver {
  const found = drivers.get(format);
  if (found === undefined) throw new Error(`no driver for ${format}`);
  return found;
}

type Body = Record<string, unknown>;

/** Where each upstream format keeps its reasoning switch. */
function reasoningConfig(upstream: WireFormat, body: Body): unknown {
  switch (upstream) {
    case 'openai-chat':
      return body['reasoning_effort'];
    case 'openai-responses':
      return body['reasoning'];
    case 'anthropic':
      return body['thinking'];
    case 'gemini':
      return (body['generationConfig'] as Body | undefined)?.['thinkingConfig'];
  }
}

/** The signed reasoning the upstream minted in turn 1, as found in the turn-2 request it received. */
function carriedSignature(upstream: WireFormat, body: Body): unknown {
  const text = JSON.stringify(body);
  switch (upstream) {
    case 'anthropic':
      return /"type":"thinking","thinking":"[^"]*","signature":"([^"]+)"/.exec(text)?.[1];
    case 'gemini':
      return /"thoughtSignature":"([^"]+)"/.exec(text)?.[1];
    case 'openai-responses':
      return /"encrypted_content":"([^"]+)"/.exec(text)?.[1];
    case 'openai-chat':
      return 'chat carries no signatures';
  }
}

describe.each(CLIENTS)('%s client', (client) => {
  describe.each(UPSTREAMS)('→ %s upstream', (upstream) => {
    it.each([false, true])('answers with text and usage (stream: %s)', async (stream) => {
      const fake = harness.fakes[upstream];
      fake.reset();
      fake.enqueue({
        reply: { text: 'Hello from the far side.', usage: { input: 11, output: 7 } },
      });
      const answer = await driver(client).ask(harness.model(upstream), 'Say hello', stream);
      expect(answer.text).toBe('Hello from the far side.');
      expect(answer.inputTokens).toBe(11);
      expect(answer.outputTokens).toBe(7);
      expect(fake.requests).toHaveLength(1);
    });

    it.each([false, true])(
      'completes a tool conversation with reasoning (stream: %s)',
      async (stream) => {
        const fake = harness.fakes[upstream];
        fake.reset();
        fake.enqueue(
          {
            reply: {
              thinking: 'The user wants weather; I should call get_weather.',
              toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }],
              stopReason: 'tool_use',
            },
          },
          { reply: { text: 'It is sunny and 21°C in Paris.' } },
        );
        const conversation = await driver(client).toolConversation(harness.model(upstream), stream);
        expect(conversation.call).toEqual({ name: 'get_weather', args: { city: 'Paris' } });
        expect(conversation.reasoningSeen).toBe(true);
        expect(conversation.final.text).toBe('It is sunny and 21°C in Paris.');

        expect(fake.requests).toHaveLength(2);
        const second = fake.requests[1]?.body as Body;
        // Trap 2: the reasoning switch survives a turn whose last message is a tool result.
        expect(reasoningConfig(upstream, second)).toBeDefined();
        // Trap 1: the upstream gets back exactly the signature it minted.
        expect(carriedSignature(upstream, second)).toBeDefined();
        expect(JSON.stringify(second)).toContain('sunny');
      },
    );
  });
});
