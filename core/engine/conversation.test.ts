import { describe, expect, it } from 'vitest';
import { RawJsonBody } from '../http/raw-json.js';
import { conversationKey } from './conversation.js';

const chat = (system: string, user: string) =>
  RawJsonBody.fromText(
    JSON.stringify({
      model: 'x/y',
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: user },
      ],
    }),
  );

describe('conversationKey', () => {
  it('prefers the client session header', () => {
    const body = chat('s', 'u');
    expect(conversationKey({ session_id: 'abc' }, body)).toBe(
      conversationKey({ session_id: 'abc' }, chat('t', 'v')),
    );
    expect(conversationKey({ session_id: 'abc' }, body)).not.toBe(
      conversationKey({ session_id: 'abd' }, body),
    );
  });

  it('tells conversations apart by their opening, even behind a long system prompt', () => {
    const system = 'You are a coding agent. '.repeat(400); // ~9.6 KB
    expect(conversationKey({}, chat(system, 'fix the parser'))).not.toBe(
      conversationKey({}, chat(system, 'write the docs')),
    );
    expect(conversationKey({}, chat(system, 'fix the parser'))).toBe(
      conversationKey({}, chat(system, 'fix the parser')),
    );
  });
});
