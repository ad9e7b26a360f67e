import { describe, expect, it } from 'vitest';
import { keepSignaturesFor, sealSignature, unsealSignature } from './signatures.js';
import type { Request } from './types.js';

describe('sealSignature / unsealSignature', () => {
  it('round-trips a signature byte for byte with its origin', () => {
    const original = 'EqQBCkYIARgCKkD+/==abc.def';
    const sealed = sealSignature(original, { provider: 'gm' });
    expect(sealed).not.toBe(original);
    expect(unsealSignature(sealed)).toEqual({ signature: original, origin: { provider: 'gm' } });
  });

  it('leaves raw signatures alone', () => {
    expect(sealSignature('raw', undefined)).toBe('raw');
    expect(unsealSignature('raw')).toEqual({ signature: 'raw' });
  });
});

describe('keepSignaturesFor', () => {
  const request: Request = {
    model: 'm',
    stream: false,
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'mine', signature: 's1', origin: { provider: 'a' } },
          { type: 'reasoning', text: 'theirs', signature: 's2', origin: { provider: 'b' } },
          { type: 'reasoning', text: '', signature: 's3' },
          {
            type: 'tool_call',
            id: 'c1',
            name: 'f',
            arguments: '{}',
            signature: 't1',
            origin: { provider: 'b' },
          },
        ],
      },
    ],
  };

  it('keeps only what the target minted and never forges', () => {
    const kept = keepSignaturesFor(request, 'a');
    expect(kept.messages[1]?.content).toEqual([
      { type: 'reasoning', text: 'mine', signature: 's1', origin: { provider: 'a' } },
      { type: 'reasoning', text: 'theirs' },
      { type: 'tool_call', id: 'c1', name: 'f', arguments: '{}' },
    ]);
  });

  it('returns the same object when nothing needs dropping', () => {
    const plain: Request = { model: 'm', stream: false, messages: [{ role: 'user', content: [] }] };
    expect(keepSignaturesFor(plain, 'a')).toBe(plain);
  });
});
