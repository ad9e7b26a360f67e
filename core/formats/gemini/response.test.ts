/** Response parsing and rendering for the Gemini codec. */
import { describe, expect, it } from 'vitest';

import type { EncodeContext } from '../codec.js';
import type { Response } from '../ir/types.js';
import { parseResponse, renderResponse } from './response.js';

const context: EncodeContext = {
  model: 'gemini/gemini-2.5-pro',
  responseId: 'fallback',
  created: 1,
};

describe('gemini parseResponse', () => {
  it('maps text, thoughts, signatures, calls and usage', () => {
    const parsed = parseResponse({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { text: 'Considering the request', thought: true },
              { functionCall: { name: 'lookup', args: { id: 3 } }, thoughtSignature: 'U0lH' },
              { functionCall: { name: 'lookup', args: { id: 4 } } },
            ],
          },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata: {
        promptTokenCount: 1200,
        candidatesTokenCount: 50,
        cachedContentTokenCount: 1000,
        thoughtsTokenCount: 30,
        totalTokenCount: 1280,
      },
      modelVersion: 'gemini-2.5-pro',
      responseId: 'resp-1',
    });
    expect(parsed.id).toBe('resp-1');
    expect(parsed.model).toBe('gemini-2.5-pro');
    expect(parsed.stopReason).toBe('tool_use');
    expect(parsed.usage).toEqual({
      input: 200,
      output: 80,
      cacheRead: 1000,
      cacheWrite: 0,
      reasoning: 30,
    });
    const [thought, call1, call2] = parsed.content;
    expect(thought).toEqual({ type: 'reasoning', text: 'Considering the request' });
    // Upstream signatures are raw and carry no origin: the engine stamps it.
    expect(call1).toMatchObject({
      type: 'tool_call',
      name: 'lookup',
      arguments: '{"id":3}',
      signature: 'U0lH',
    });
    expect(call1).not.toHaveProperty('origin');
    expect(call2).toMatchObject({ type: 'tool_call', arguments: '{"id":4}' });
    if (call1?.type === 'tool_call' && call2?.type === 'tool_call')
      expect(call1.id).not.toBe(call2.id);
  });

  it('maps finish reasons', () => {
    const reason = (finishReason: string) =>
      parseResponse({ candidates: [{ content: { parts: [{ text: 'x' }] }, finishReason }] })
        .stopReason;
    expect(reason('STOP')).toBe('end_turn');
    expect(reason('MAX_TOKENS')).toBe('max_tokens');
    for (const r of ['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII']) {
      expect(reason(r)).toBe('content_filter');
    }
    expect(reason('MALFORMED_FUNCTION_CALL')).toBe('error');
    expect(reason('OTHER')).toBe('other');
    expect(reason('FINISH_REASON_UNSPECIFIED')).toBe('other');
  });

  it('treats a blocked prompt (no candidates) as content_filter', () => {
    const parsed = parseResponse({
      promptFeedback: { blockReason: 'SAFETY' },
      usageMetadata: { promptTokenCount: 8, totalTokenCount: 8 },
    });
    expect(parsed.stopReason).toBe('content_filter');
    expect(parsed.content).toEqual([]);
    expect(parsed.usage).toEqual({
      input: 8,
      output: 0,
      cacheRead: 0,
      cacheWrite: 0,
      reasoning: 0,
    });
    expect(renderResponse(parsed, context)).toEqual({
      promptFeedback: { blockReason: 'SAFETY' },
      usageMetadata: { promptTokenCount: 8, candidatesTokenCount: 0, totalTokenCount: 8 },
      modelVersion: context.model,
      responseId: parsed.id,
    });
  });

  it('counts toolUsePromptTokenCount as input and defaults missing counts to zero', () => {
    const parsed = parseResponse({
      candidates: [{ content: { parts: [{ text: 'x' }] }, finishReason: 'STOP' }],
      usageMetadata: { promptTokenCount: 10, toolUsePromptTokenCount: 5 },
    });
    expect(parsed.usage).toEqual({
      input: 15,
      output: 0,
      cacheRead: 0,
      cacheWrite: 0,
      reasoning: 0,
    });
  });

  it('skips malformed upstream parts instead of blaming the client', () => {
    const parsed = parseResponse({
      candidates: [{ content: { parts: [{ text: 3 }, { text: 'ok' }] }, finishReason: 'STOP' }],
    });
    expect(parsed.content).toEqual([{ type: 'text', text: 'ok' }]);
  });

  it('keeps a bare signature part that has no text field', () => {
    const parsed = parseResponse({
      candidates: [
        {
          content: { parts: [{ text: 'hi' }, { thoughtSignature: 'U0lH' }] },
          finishReason: 'STOP',
        },
      ],
    });
    expect(parsed.content).toEqual([
      { type: 'text', text: 'hi' },
      { type: 'reasoning', text: '', signature: 'U0lH' },
    ]);
  });

  it('throws an upstream error for a non-object body', () => {
    expect(() => parseResponse('oops')).toThrow(/not a JSON object/);
  });
});

describe('gemini renderResponse', () => {
  it('round-trips a canonical response', () => {
    const body = {
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { text: 'thinking hard', thought: true, thoughtSignature: 'QUJD' },
              { text: 'The answer', thoughtSignature: 'REVG' },
              { functionCall: { name: 'f', args: { a: [1, 2] } }, thoughtSignature: 'R0hJ' },
            ],
          },
          finishReason: 'STOP',
          index: 0,
          safetyRatings: [{ category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' }],
        },
      ],
      usageMetadata: {
        promptTokenCount: 100,
        candidatesTokenCount: 20,
        totalTokenCount: 135,
        cachedContentTokenCount: 60,
        thoughtsTokenCount: 15,
      },
      modelVersion: context.model,
      responseId: 'abc',
    };
    expect(renderResponse(parseResponse(body), context)).toEqual(body);
    const recitation = {
      ...body,
      candidates: [{ ...body.candidates[0], finishReason: 'RECITATION' }],
    };
    expect(renderResponse(parseResponse(recitation), context)).toEqual(recitation);
  });

  it('seals signatures, shows unsigned reasoning, and stamps model and id', () => {
    const response: Response = {
      id: 'msg_1',
      model: 'claude-sonnet-4',
      content: [
        {
          type: 'reasoning',
          text: 'Claude thinking',
          signature: 'EqQB',
          origin: { provider: 'anthropic' },
        },
        { type: 'reasoning', text: 'deepseek reasoning' },
        {
          type: 'reasoning',
          text: 'openai summary',
          encryptedContent: 'gAAA',
          origin: { provider: 'oa' },
        },
        { type: 'text', text: 'Done.' },
        {
          type: 'tool_call',
          id: 'toolu_1',
          name: 'run',
          arguments: '{"cmd":"ls"}',
          signature: 'c2ln',
          origin: { provider: 'gemini' },
        },
      ],
      stopReason: 'tool_use',
      usage: { input: 10, output: 7, cacheRead: 3, cacheWrite: 2, reasoning: 4 },
    };
    expect(renderResponse(response, context)).toEqual({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { text: 'Claude thinking', thought: true, thoughtSignature: 'sy1.anthropic.EqQB' },
              { text: 'deepseek reasoning', thought: true },
              { text: 'openai summary', thought: true, thoughtSignature: 'sy1.oa.gAAA' },
              { text: 'Done.' },
              {
                functionCall: { name: 'run', args: { cmd: 'ls' } },
                thoughtSignature: 'sy1.gemini.c2ln',
              },
            ],
          },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      // prompt = input + cacheRead + cacheWrite; candidates exclude thoughts; total adds all.
      usageMetadata: {
        promptTokenCount: 15,
        candidatesTokenCount: 3,
        totalTokenCount: 22,
        cachedContentTokenCount: 3,
        thoughtsTokenCount: 4,
      },
      modelVersion: context.model,
      responseId: 'msg_1',
    });
  });

  it('maps IR stop reasons to finish reasons', () => {
    const finish = (stopReason: Response['stopReason']) => {
      const body = renderResponse(
        {
          id: 'x',
          model: 'm',
          content: [],
          stopReason,
          usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 },
        },
        context,
      ) as { candidates: { finishReason: string }[] };
      return body.candidates[0]?.finishReason;
    };
    expect(finish('end_turn')).toBe('STOP');
    expect(finish('stop_sequence')).toBe('STOP');
    expect(finish('max_tokens')).toBe('MAX_TOKENS');
    expect(finish('content_filter')).toBe('SAFETY');
    expect(finish('refusal')).toBe('SAFETY');
    expect(finish('other')).toBe('OTHER');
  });
});
