// Small helpers for login tests: an unsigned JWT for id_token claims, and the flow's browser URL.
import type { LoginFlow } from '../../auth/types.js';

/** An id_token shaped like a real one; the signature part is junk (login code never checks it). */
export function fakeJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

/** Resolves with the authorize URL once the flow waits for the browser; rejects on any other state. */
export function browserUrl(flow: LoginFlow): Promise<string> {
  const current = flow.state;
  if (current.status === 'waiting' && current.kind === 'browser') {
    return Promise.resolve(current.url);
  }
  return new Promise((resolve, reject) => {
    const stop = flow.onChange((state) => {
      stop();
      if (state.status === 'waiting' && state.kind === 'browser') resolve(state.url);
      else reject(new Error(`expected the flow to wait for the browser, got ${state.status}`));
    });
  });
}
