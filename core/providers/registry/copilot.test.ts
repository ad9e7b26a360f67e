import { describe, expect, it } from 'vitest';
import { copilot } from './copilot.js';

describe('copilot', () => {
  it('uses the API host the token exchange named for the account, https only', () => {
    expect(
      copilot.accountBaseUrl?.({ copilot_api_endpoint: 'https://api.business.githubcopilot.com/' }),
    ).toBe('https://api.business.githubcopilot.com');
    expect(
      copilot.accountBaseUrl?.({ copilot_api_endpoint: 'http://evil.example' }),
    ).toBeUndefined();
    expect(copilot.accountBaseUrl?.({})).toBeUndefined();
  });
});
