/** Anthropic message objects ↔ IR responses, usage arithmetic included. */
import { describe, expect, it } from 'vitest';

import { SwitchyardError } from '../../shared/errors.js';
import type { EncodeContext } from '../codec.js';
import { stampResponseOrigin } from '../ir/origin.js';
import type { Response } from '../ir/types.js';
import { parseRequest } from './request.js';
import { parseResponse, renderResponse } from './response.js';

const context: EncodeContext = {
  model: 'cc/claude-sonnet-4-5',
  responseId: 'resp_abc123',
  created: 1_700_000_000,
};

const upstream = {
  id: 'msg_01ABC',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5-20250929',
  content: [
    { type: 'thinking', thinking: 'Let me think.', signature: 'EqQBsig' },
    { type: 'redacted_thinking', data: 'EmwKredacted' },
    { type: 'text', text: 'Checking.' },
    { type: 'tool_use', id: 'toolu_01X', name: 'get_weather', input: { city: 'Paris' } },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: {
    input_tokens: 120,
    cache_creation_input_tokens: 300,
    cache_read_input_tokens: 2000,
    output_tokens: 85,
    service_tier: 'standard',
  },
};

describe('anthropic parseResponse', () => {
  it('maps content blocks, stop reason and usage buckets (trap 5)', () => {
    expect(parseResponse(upstream)).toEqual({
      id: 'msg_01ABC',
      model: 'claude-sonnet-4-5-20250929',
      content: [
        { type: 'reasoning', text: 'Let me think.', signature: 'EqQBsig' },
        { type: 'reasoning', text: '', redactedData: 'EmwKredacted' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool_call', id: 'toolu_01X', name: 'get_weather', arguments: '{"city":"Paris"}' },
      ],
      stopReason: 'tool_use',
      // input_tokens already excludes the cache; output_tokens includes thinking.
      usage: { input: 120, output: 85, cacheRead: 2000, cacheWrite: 300, reasoning: 0 },
    });
  });

  it('maps every stop reason and keeps the stop sequence', () => {
    const reasons: [unknown, string][] = [
      ['end_turn', 'end_turn'],
      ['max_tokens', 'max_tokens'],
      ['stop_sequence', 'stop_sequence'],
      ['tool_use', 'tool_use'],
      ['pause_turn', 'pause_turn'],
      ['refusal', 'refusal'],
      ['model_context_window_exceeded', 'max_tokens'],
      [null, 'other'],
    ];
    for (const [wire, ir] of reasons) {
      expect(parseResponse({ ...upstream, stop_reason: wire }).stopReason).toBe(ir);
    }
    const stopped = parseResponse({
      ...upstream,
      stop_reason: 'stop_sequence',
      stop_sequence: '##',
    });
    expect(stopped.stopSequence).toBe('##');
  });

  it('keeps server tool blocks and unknown fields in extensions', () => {
    const search = { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} };
    const response = parseResponse({
      ...upstream,
      content: [search, { type: 'text', text: 'ok' }],
      container: { id: 'c1' },
    });
    expect(response.content).toEqual([{ type: 'text', text: 'ok' }]);
    expect(response.extensions).toEqual({
      anthropic: { container: { id: 'c1' }, content: [{ index: 0, block: search }] },
    });
    expect(renderResponse(response, context)).toMatchObject({
      container: { id: 'c1' },
      content: [search, { type: 'text', text: 'ok' }],
    });
  });

  it('answers 502 for a body that is not a message', () => {
    expect(() => parseResponse('oops')).toThrow(SwitchyardError);
    try {
      parseResponse(null);
    } catch (error) {
      expect((error as SwitchyardError).status).toBe(502);
      expect((error as SwitchyardError).code).toBe('upstream_error');
    }
  });
});

describe('anthropic renderResponse', () => {
  const ir: Response = {
    id: 'resp_xyz',
    model: 'gpt-5',
    content: [
      {
        type: 'reasoning',
        text: 'summary',
        encryptedContent: 'gAAAA',
        origin: { provider: 'openai' },
      },
      { type: 'reasoning', text: 'deepseek thoughts' },
      { type: 'text', text: 'Hello' },
      {
        type: 'tool_call',
        id: 'call_1',
        name: 'f',
        arguments: '{"a":1}',
        signature: 'gemini-sig',
        origin: { provider: 'gemini' },
      },
    ],
    stopReason: 'tool_use',
    usage: { input: 10, output: 40, cacheRead: 5, cacheWrite: 0, reasoning: 30 },
  };

  it('renders a message object with sealed signatures and disjoint usage', () => {
    expect(renderResponse(ir, context)).toEqual({
      id: 'msg_abc123',
      type: 'message',
      role: 'assistant',
      model: 'cc/claude-sonnet-4-5',
      content: [
        { type: 'thinking', thinking: 'summary', signature: 'sy1.openai.gAAAA' },
        { type: 'thinking', thinking: 'deepseek thoughts', signature: '' },
        { type: 'text', text: 'Hello' },
        // A Gemini call signature has no slot on tool_use.
        { type: 'tool_use', id: 'call_1', name: 'f', input: { a: 1 } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: 10,
        output_tokens: 40,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 5,
      },
    });
  });

  it('keeps an msg_ id and maps stop reasons other formats produce', () => {
    const body = renderResponse(
      { ...ir, id: 'msg_keep', stopReason: 'content_filter' },
      context,
    ) as Record<string, unknown>;
    expect(body.id).toBe('msg_keep');
    expect(body.stop_reason).toBe('refusal');
    expect(
      (renderResponse({ ...ir, stopReason: 'other' }, context) as { stop_reason: string })
        .stop_reason,
    ).toBe('end_turn');
    expect(
      renderResponse({ ...ir, stopReason: 'stop_sequence', stopSequence: 'END' }, context),
    ).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'END' });
  });

  it('round-trips signatures: upstream → sealed for the client → unsealed with origin (trap 1)', () => {
    const stamped = stampResponseOrigin(parseResponse(upstream), { provider: 'cc' });
    const rendered = renderResponse(stamped, context) as { content: unknown[] };
    expect(rendered.content.slice(0, 2)).toEqual([
      { type: 'thinking', thinking: 'Let me think.', signature: 'sy1.cc.EqQBsig' },
      { type: 'redacted_thinking', data: 'sy1.cc.EmwKredacted' },
    ]);
    const next = parseRequest({
      model: 'm',
      max_tokens: 10,
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: rendered.content },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'toolu_01X', content: 'sunny' }],
        },
      ],
    });
    expect(next.messages[1]?.content.slice(0, 2)).toEqual([
      {
        type: 'reasoning',
        text: 'Let me think.',
        signature: 'EqQBsig',
        encryptedContent: 'EqQBsig',
        origin: { provider: 'cc' },
      },
      { type: 'reasoning', text: '', redactedData: 'EmwKredacted', origin: { provider: 'cc' } },
    ]);
  });

  it('renders usage exactly as parsed, never padded (trap 5)', () => {
    const parsed = parseResponse(upstream);
    expect((renderResponse(parsed, context) as { usage: unknown }).usage).toEqual({
      input_tokens: 120,
      output_tokens: 85,
      cache_creation_input_tokens: 300,
      cache_read_input_tokens: 2000,
    });
  });
});
