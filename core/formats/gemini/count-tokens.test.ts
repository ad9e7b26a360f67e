/** countTokens tests for the Gemini codec. */
import { describe, expect, it } from 'vitest';

import { geminiCountTokens } from './count-tokens.js';
import { geminiCodec } from './index.js';

describe('gemini countTokens', () => {
  it('is exposed on the codec', () => {
    expect(geminiCodec.format).toBe('gemini');
    expect(geminiCodec.countTokens).toBe(geminiCountTokens);
  });

  it('parses the plain and the generateContentRequest forms', () => {
    const plain = geminiCountTokens.parseRequest({
      model: 'gemini-2.5-flash',
      contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
    });
    expect(plain.model).toBe('gemini-2.5-flash');
    expect(plain.messages).toHaveLength(1);
    const nested = geminiCountTokens.parseRequest({
      generateContentRequest: {
        model: 'models/gemini-2.5-pro',
        contents: [{ parts: [{ text: 'hi' }] }],
        systemInstruction: { parts: [{ text: 'sys' }] },
      },
    });
    expect(nested.model).toBe('gemini-2.5-pro');
    expect(nested.system).toEqual([{ type: 'text', text: 'sys' }]);
    // The URL's model, injected at the top, wins.
    const injected = geminiCountTokens.parseRequest({
      model: 'gemini-2.5-flash',
      generateContentRequest: { model: 'models/other', contents: [{ parts: [{ text: 'x' }] }] },
    });
    expect(injected.model).toBe('gemini-2.5-flash');
    expect(() => geminiCountTokens.parseRequest({ model: 'm' })).toThrow(/contents/);
  });

  it('builds {contents} or generateContentRequest when system or tools exist', () => {
    const messages = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }];
    expect(geminiCountTokens.buildRequest({ model: 'g', messages, stream: false })).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
    });
    expect(
      geminiCountTokens.buildRequest({
        model: 'g',
        messages,
        stream: false,
        system: [{ type: 'text', text: 'sys' }],
        tools: [
          { name: 'f', parameters: { type: 'object', properties: { a: { type: 'string' } } } },
        ],
      }),
    ).toEqual({
      generateContentRequest: {
        model: 'models/g',
        contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
        systemInstruction: { parts: [{ text: 'sys' }] },
        tools: [
          {
            functionDeclarations: [
              {
                name: 'f',
                parametersJsonSchema: { type: 'object', properties: { a: { type: 'string' } } },
              },
            ],
          },
        ],
      },
    });
  });

  it('reads and renders totals, flagging estimates', () => {
    expect(geminiCountTokens.parseResponse({ totalTokens: 31, cachedContentTokenCount: 0 })).toBe(
      31,
    );
    expect(geminiCountTokens.parseResponse({})).toBe(0);
    expect(() => geminiCountTokens.parseResponse('x')).toThrow();
    expect(geminiCountTokens.renderResponse(31, false)).toEqual({ totalTokens: 31 });
    expect(geminiCountTokens.renderResponse(31, true)).toEqual({
      totalTokens: 31,
      estimated: true,
    });
  });
});
