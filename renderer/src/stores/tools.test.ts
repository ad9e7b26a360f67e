import { describe, expect, it } from 'vitest';
import type { ToolView } from '../../../core/shared/contract.js';
import { fakeConnection, ok } from '../testing/fake-connection';
import { createToolsStore } from './tools';

const tool = (status: ToolView['status']): ToolView => ({
  id: 'claude-code',
  displayName: 'Claude Code',
  installed: true,
  byHand: false,
  status,
  detail: status === 'connected' ? 'points at Switchyard' : 'not connected',
});

describe('the tools store', () => {
  it('previews, then connects, keeping only the key’s hint and the next steps', async () => {
    const fake = fakeConnection({
      'tools.list': () => ok([tool('not-connected')]),
      'tools.preview': () =>
        ok({ diff: '+ "ANTHROPIC_BASE_URL": "http://127.0.0.1:20128"', files: [] }),
      'tools.connect': () =>
        ok({
          tools: [tool('connected')],
          instructions: ['Restart Claude Code.'],
          key: { name: 'claude-code', hint: 'abcd' },
        }),
    });
    const store = createToolsStore(fake.connection);
    await store.getState().load();
    await store.getState().preview('claude-code');
    expect(store.getState().previews['claude-code']).toContain('ANTHROPIC_BASE_URL');
    await store.getState().connect('claude-code');
    expect(store.getState().tools?.[0]?.status).toBe('connected');
    expect(store.getState().previews).toEqual({});
    expect(store.getState().notes['claude-code']).toEqual(['Restart Claude Code.']);
    expect(fake.calls.map(([method]) => method)).toEqual([
      'tools.list',
      'tools.preview',
      'tools.connect',
    ]);
  });

  it('shows a refusal as an error and stays usable', async () => {
    const fake = fakeConnection({
      'tools.list': () => ok([tool('connected')]),
      'tools.disconnect': () => ({
        ok: false,
        error: { code: 'invalid_request', message: 'The file changed in a way it cannot undo.' },
      }),
    });
    const store = createToolsStore(fake.connection);
    await store.getState().load();
    await store.getState().disconnect('claude-code');
    expect(store.getState().error).toBe('The file changed in a way it cannot undo.');
    expect(store.getState().busy).toBeUndefined();
    expect(store.getState().tools?.[0]?.status).toBe('connected');
  });
});
