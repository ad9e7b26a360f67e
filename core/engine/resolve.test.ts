import { describe, expect, it } from 'vitest';
import { resolveProvider, type ResolvedProvider } from '../providers/catalog.js';
import { isSwitchyardError } from '../shared/errors.js';
import { closeMatches, resolveModel } from './resolve.js';

function provider(id: string, kind: string, enabled = true, models?: string[]): ResolvedProvider {
  const resolved = resolveProvider({
    id,
    kind,
    prefix: id,
    enabled,
    ...(models === undefined ? {} : { models }),
    hasApiKey: true,
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  if ('code' in resolved) throw new Error('bad kind');
  return resolved;
}

describe('resolveModel', () => {
  const providers = [provider('deepseek', 'deepseek'), provider('openrouter', 'openrouter')];

  it('splits at the first slash so upstream ids may contain slashes', () => {
    const target = resolveModel('openrouter/anthropic/claude-sonnet-4.5', providers);
    expect(target.provider.id).toBe('openrouter');
    expect(target.upstreamModel).toBe('anthropic/claude-sonnet-4.5');
  });

  it('forwards unlisted models under a known prefix', () => {
    expect(resolveModel('deepseek/deepseek-v9', providers).upstreamModel).toBe('deepseek-v9');
  });

  it("refuses a typo when the user listed the provider's models", () => {
    const listed = [provider('work', 'openai', true, ['gpt-test'])];
    expect(resolveModel('work/gpt-test', listed).upstreamModel).toBe('gpt-test');
    expect(() => resolveModel('work/gpt-testx', listed)).toThrow(/Did you mean "work\/gpt-test"/);
  });

  it('answers 404 with close matches for an unknown model', () => {
    try {
      resolveModel('deepseek-chat', providers);
      expect.unreachable();
    } catch (error) {
      expect(isSwitchyardError(error) && error.status).toBe(404);
      expect((error as Error).message).toContain('"deepseek/deepseek-chat"');
    }
  });

  it('refuses a disabled provider', () => {
    const disabled = [provider('deepseek', 'deepseek', false)];
    expect(() => resolveModel('deepseek/deepseek-chat', disabled)).toThrow(/disabled/);
  });
});

describe('closeMatches', () => {
  it('ranks bare-name hits first and ignores far-off ids', () => {
    const known = ['a/gpt-5', 'b/claude-sonnet-4-5', 'c/claude-haiku-4-5'];
    expect(closeMatches('claude-sonnet-4-5', known)[0]).toBe('b/claude-sonnet-4-5');
    expect(closeMatches('zzzzzzzzzzzz', known)).toEqual([]);
  });
});
