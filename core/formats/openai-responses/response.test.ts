/** Non-streaming replies: parsing, rendering, usage buckets, stop reasons and SDK acceptance. */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';

import type { EncodeContext } from '../codec.js';
import type { Response } from '../ir/types.js';
import { parseResponse, renderResponse } from './response.js';

const context: EncodeContext = {
  model: 'openai/gpt-5',
  responseId: 'resp_local1',
  created: 1_750_000_000,
};

/** A reply in the canonical shape renderResponse writes. */
function canonicalReply(): Record<string, unknown> {
  return {
    id: 'resp_abc',
    object: 'response',
    created_at: 1_750_000_000,
    status: 'completed',
    error: null,
    incomplete_details: null,
    instructions: null,
    metadata: {},
    model: 'openai/gpt-5',
    output: [
      {
        id: 'rs_up1',
        type: 'reasoning',
        summary: [{ type: 'summary_text', text: 'Weighing options.' }],
        encrypted_content: 'gAAAA-enc',
      },
      {
        id: 'msg_abc_1',
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [
          {
            type: 'output_text',
            text: 'See source.',
            annotations: [
              {
                type: 'url_citation',
                url: 'https://x.test',
                title: 'x',
                start_index: 0,
                end_index: 3,
              },
            ],
          },
        ],
      },
      {
        id: 'fc_up2',
        type: 'function_call',
        status: 'completed',
        call_id: 'call_1',
        name: 'lookup',
        arguments: '{"q":"a"}',
      },
      {
        id: 'fc_up3',
        type: 'function_call',
        status: 'completed',
        call_id: 'call_2',
        name: 'lookup',
        arguments: '{"q":"b"}',
      },
    ],
    parallel_tool_calls: true,
    temperature: null,
    tool_choice: 'auto',
    tools: [],
    top_p: null,
    usage: {
      input_tokens: 1200,
      input_tokens_details: { cached_tokens: 1000 },
      output_tokens: 300,
      output_tokens_details: { reasoning_tokens: 200 },
      total_tokens: 1500,
    },
  };
}

describe('parseResponse', () => {
  it('maps items, derives tool_use and splits usage into disjoint buckets (trap 5)', () => {
    const ir = parseResponse(canonicalReply());
    expect(ir.id).toBe('resp_abc');
    expect(ir.stopReason).toBe('tool_use');
    expect(ir.usage).toEqual({
      input: 200,
      output: 300,
      cacheRead: 1000,
      cacheWrite: 0,
      reasoning: 200,
    });
    expect(ir.content).toEqual([
      {
        type: 'reasoning',
        text: 'Weighing options.',
        encryptedContent: 'gAAAA-enc',
        itemId: 'rs_up1',
      },
      {
        type: 'text',
        text: 'See source.',
        annotations: [
          { type: 'url_citation', url: 'https://x.test', title: 'x', start_index: 0, end_index: 3 },
        ],
      },
      { type: 'tool_call', id: 'call_1', name: 'lookup', arguments: '{"q":"a"}', itemId: 'fc_up2' },
      { type: 'tool_call', id: 'call_2', name: 'lookup', arguments: '{"q":"b"}', itemId: 'fc_up3' },
    ]);
    expect(ir.content.some((part) => 'origin' in part)).toBe(false);
  });

  it('round-trips a canonical reply', () => {
    const reply = canonicalReply();
    expect(renderResponse(parseResponse(reply), context)).toEqual(reply);
  });

  it('derives stop reasons from status and incomplete_details', () => {
    const base = { id: 'resp_1', model: 'm', output: [] };
    expect(parseResponse({ ...base, status: 'completed' }).stopReason).toBe('end_turn');
    expect(
      parseResponse({
        ...base,
        status: 'incomplete',
        incomplete_details: { reason: 'max_output_tokens' },
      }).stopReason,
    ).toBe('max_tokens');
    expect(
      parseResponse({
        ...base,
        status: 'incomplete',
        incomplete_details: { reason: 'content_filter' },
      }).stopReason,
    ).toBe('content_filter');
    expect(parseResponse({ ...base, status: 'failed' }).stopReason).toBe('error');
    expect(
      parseResponse({
        ...base,
        status: 'completed',
        output: [{ type: 'message', content: [{ type: 'refusal', refusal: 'No.' }] }],
      }),
    ).toMatchObject({ stopReason: 'refusal', content: [{ type: 'text', text: 'No.' }] });
  });

  it('subtracts cache writes too and never invents usage', () => {
    const ir = parseResponse({
      id: 'resp_1',
      model: 'm',
      status: 'completed',
      output: [],
      usage: {
        input_tokens: 100,
        input_tokens_details: { cached_tokens: 10, cache_write_tokens: 30 },
        output_tokens: 5,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 105,
      },
    });
    expect(ir.usage).toEqual({ input: 60, output: 5, cacheRead: 10, cacheWrite: 30, reasoning: 0 });
    expect(parseResponse({ id: 'r', model: 'm', status: 'completed', output: [] }).usage).toEqual({
      input: 0,
      output: 0,
      cacheRead: 0,
      cacheWrite: 0,
      reasoning: 0,
    });
  });

  it('reads raw reasoning text when there is no summary, and skips hosted-tool items', () => {
    const ir = parseResponse({
      id: 'resp_1',
      model: 'm',
      status: 'completed',
      output: [
        { type: 'web_search_call', id: 'ws_1', status: 'completed' },
        {
          type: 'reasoning',
          id: 'rs_1',
          summary: [],
          content: [{ type: 'reasoning_text', text: 'hmm' }],
        },
      ],
    });
    expect(ir.content).toEqual([{ type: 'reasoning', text: 'hmm', itemId: 'rs_1' }]);
  });

  it('rejects a body that is not a response object', () => {
    expect(() => parseResponse({ choices: [] })).toThrow(/not a Responses object/);
  });
});

describe('renderResponse', () => {
  const ir: Response = {
    id: 'msg_01Anthropic',
    model: 'claude-sonnet-4-5',
    content: [
      {
        type: 'reasoning',
        text: 'Let me think.',
        signature: 'EqQBsig',
        origin: { provider: 'anthropic' },
      },
      { type: 'reasoning', text: '', redactedData: 'opaque' },
      {
        type: 'text',
        text: 'Part one. ',
        annotations: [{ type: 'char_location', cited_text: 'x' }],
      },
      { type: 'text', text: 'Part two.' },
      { type: 'tool_call', id: 'toolu_1', name: 'run', arguments: '{}' },
    ],
    stopReason: 'tool_use',
    usage: { input: 10, output: 20, cacheRead: 5, cacheWrite: 7, reasoning: 4 },
  };

  it('renders foreign replies with Responses ids, sealed signatures and summed usage', () => {
    const body = renderResponse(ir, context);
    expect(body).toMatchObject({
      id: 'resp_local1',
      object: 'response',
      created_at: 1_750_000_000,
      status: 'completed',
      model: 'openai/gpt-5',
      error: null,
      incomplete_details: null,
      parallel_tool_calls: true,
      tool_choice: 'auto',
      tools: [],
      usage: {
        input_tokens: 22,
        input_tokens_details: { cached_tokens: 5, cache_write_tokens: 7 },
        output_tokens: 20,
        output_tokens_details: { reasoning_tokens: 4 },
        total_tokens: 42,
      },
    });
    expect(body).not.toHaveProperty('output_text');
    expect(body.output).toEqual([
      {
        id: 'rs_local1_0',
        type: 'reasoning',
        summary: [{ type: 'summary_text', text: 'Let me think.' }],
        encrypted_content: 'sy1.anthropic.EqQBsig',
      },
      {
        id: 'msg_local1_1',
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [
          { type: 'output_text', text: 'Part one. ', annotations: [] },
          { type: 'output_text', text: 'Part two.', annotations: [] },
        ],
      },
      {
        id: 'fc_local1_2',
        type: 'function_call',
        status: 'completed',
        call_id: 'toolu_1',
        name: 'run',
        arguments: '{}',
      },
    ]);
  });

  it('is deterministic for the same reply', () => {
    expect(renderResponse(ir, context)).toEqual(renderResponse(ir, context));
  });

  it('maps stop reasons to status and incomplete_details', () => {
    const render = (stopReason: Response['stopReason']): Record<string, unknown> =>
      renderResponse({ ...ir, content: [], stopReason }, context);
    expect(render('max_tokens')).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
    });
    expect(render('content_filter')).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'content_filter' },
    });
    expect(render('end_turn')).toMatchObject({ status: 'completed', incomplete_details: null });
    expect(render('error')).toMatchObject({ status: 'failed', error: { code: 'server_error' } });
  });

  it('is accepted by the openai SDK (responses.create)', async () => {
    const body = renderResponse(ir, context);
    const client = new OpenAI({
      apiKey: 'test',
      baseURL: 'http://switchyard.test/v1',
      fetch: () =>
        Promise.resolve(
          new globalThis.Response(JSON.stringify(body), {
            headers: { 'content-type': 'application/json' },
          }),
        ),
    });
    const reply = await client.responses.create({ model: 'openai/gpt-5', input: 'hi' });
    expect(reply.output_text).toBe('Part one. Part two.');
    expect(reply.output.map((item) => item.type)).toEqual([
      'reasoning',
      'message',
      'function_call',
    ]);
    expect(reply.usage?.output_tokens_details.reasoning_tokens).toBe(4);
  });
});
