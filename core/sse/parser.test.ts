import { describe, expect, it } from 'vitest';
import { SseParser } from './parser.js';

describe('SseParser', () => {
  it('parses named events and data-only events', () => {
    const parser = new SseParser();
    const events = parser.push('event: message_start\ndata: {"a":1}\n\ndata: {"b":2}\n\n');
    expect(events).toEqual([{ event: 'message_start', data: '{"a":1}' }, { data: '{"b":2}' }]);
  });

  it('reassembles events split across arbitrary chunk boundaries', () => {
    const text = 'event: ping\ndata: {"type":"ping"}\n\ndata: [DONE]\n\n';
    for (let cut = 1; cut < text.length; cut += 1) {
      const parser = new SseParser();
      const events = [
        ...parser.push(text.slice(0, cut)),
        ...parser.push(text.slice(cut)),
        ...parser.end(),
      ];
      expect(events).toEqual([{ event: 'ping', data: '{"type":"ping"}' }, { data: '[DONE]' }]);
    }
  });

  it('handles CRLF, comments, multi-line data and a missing final blank line', () => {
    const parser = new SseParser();
    const events = [
      ...parser.push(': keep-alive\r\ndata: one\r\ndata: two\r\n\r\ndata: last'),
      ...parser.end(),
    ];
    expect(events).toEqual([{ data: 'one\ntwo' }, { data: 'last' }]);
  });

  it('does not treat a CR at the end of a chunk as a line break before its LF arrives', () => {
    const parser = new SseParser();
    expect(parser.push('data: x\r')).toEqual([]);
    expect(parser.push('\n\r\n')).toEqual([{ data: 'x' }]);
  });
});
