/** Where and how to call an upstream endpoint: URL per operation and the auth/protocol headers. */
import type { IncomingHttpHeaders } from 'node:http';
import type { ProviderDefinition, ProviderEndpoint } from '../providers/types.js';

export type Operation = 'generate' | 'count_tokens' | 'compact';

export function upstreamUrl(
  endpoint: ProviderEndpoint,
  model: string,
  operation: Operation,
  stream: boolean,
): string {
  const base = endpoint.baseUrl;
  switch (endpoint.format) {
    case 'openai-chat':
      return `${base}/chat/completions`;
    case 'openai-responses':
      return operation === 'compact' ? `${base}/responses/compact` : `${base}/responses`;
    case 'anthropic':
      return operation === 'count_tokens' ? `${base}/messages/count_tokens` : `${base}/messages`;
    case 'gemini': {
      const path = `${base}/models/${encodeURIComponent(model)}`;
      if (operation === 'count_tokens') return `${path}:countTokens`;
      return stream ? `${path}:streamGenerateContent?alt=sse` : `${path}:generateContent`;
    }
    case 'kiro':
      return `${base}/generateAssistantResponse`;
    // Cloud Code names the model in the envelope; the reply is always read as a stream.
    case 'antigravity':
      return `${base}:streamGenerateContent?alt=sse`;
  }
}

/** Client headers that carry protocol features and pass through to a same-vendor upstream. */
const FORWARDED_ANTHROPIC_HEADERS = ['anthropic-beta', 'anthropic-version'] as const;

export function upstreamHeaders(
  endpoint: ProviderEndpoint,
  definition: ProviderDefinition,
  apiKey: string | undefined,
  clientHeaders: IncomingHttpHeaders,
  accountExtra?: Readonly<Record<string, string>>,
): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'user-agent': 'switchyard/0.1',
  };
  for (const [name, value] of Object.entries(definition.headers ?? {})) {
    // Vendor-specific protocol headers apply only to endpoints of that vendor's format.
    if (name.startsWith('anthropic-') && endpoint.format !== 'anthropic') continue;
    headers[name.toLowerCase()] = value;
  }
  if (endpoint.format === 'anthropic') {
    for (const name of FORWARDED_ANTHROPIC_HEADERS) {
      const value = clientHeaders[name];
      if (typeof value === 'string' && value !== '') headers[name] = value;
    }
    headers['anthropic-version'] ??= '2023-06-01';
    const betas = new Set(
      (headers['anthropic-beta'] ?? '')
        .split(',')
        .map((beta) => beta.trim())
        .filter((beta) => beta !== ''),
    );
    for (const beta of definition.requiredBetas ?? []) betas.add(beta);
    if (betas.size > 0) headers['anthropic-beta'] = [...betas].join(',');
  }
  if (accountExtra !== undefined && definition.accountHeaders !== undefined) {
    Object.assign(headers, definition.accountHeaders(accountExtra));
  }
  if (apiKey !== undefined) {
    switch (endpoint.auth) {
      case 'bearer':
        headers['authorization'] = `Bearer ${apiKey}`;
        break;
      case 'x-api-key':
        headers['x-api-key'] = apiKey;
        break;
      case 'x-goog-api-key':
        headers['x-goog-api-key'] = apiKey;
        break;
      case 'none':
        break;
    }
  }
  return headers;
}
