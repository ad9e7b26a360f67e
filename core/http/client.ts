/**
 * The one HTTP client for upstream calls: undici with the standard
 * HTTP_PROXY / HTTPS_PROXY / NO_PROXY variables honoured, and a dispatcher
 * tests can replace.
 */
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';

export interface HttpClientOptions {
  env?: NodeJS.ProcessEnv;
  /** Time allowed for the upstream's response headers (first byte). */
  headersTimeoutMs?: number;
  /** Longest silence allowed between body chunks. */
  bodyTimeoutMs?: number;
}

const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy'];

/** Builds the dispatcher for upstream requests: proxy-aware when a proxy variable is set. */
export function createUpstreamDispatcher(options: HttpClientOptions = {}): Dispatcher {
  const env = options.env ?? process.env;
  const timeouts = {
    headersTimeout: options.headersTimeoutMs ?? 300_000,
    bodyTimeout: options.bodyTimeoutMs ?? 300_000,
    keepAliveTimeout: 30_000,
  };
  const proxied = PROXY_VARIABLES.some((name) => (env[name] ?? '') !== '');
  if (!proxied) return new Agent(timeouts);
  const proxyOptions: EnvHttpProxyAgent.Options = { ...timeouts };
  const httpProxy = env['HTTP_PROXY'] ?? env['http_proxy'];
  const httpsProxy = env['HTTPS_PROXY'] ?? env['https_proxy'];
  const noProxy = env['NO_PROXY'] ?? env['no_proxy'];
  if (httpProxy !== undefined) proxyOptions.httpProxy = httpProxy;
  if (httpsProxy !== undefined) proxyOptions.httpsProxy = httpsProxy;
  if (noProxy !== undefined) proxyOptions.noProxy = noProxy;
  return new EnvHttpProxyAgent(proxyOptions);
}
