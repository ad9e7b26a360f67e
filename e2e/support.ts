/**
 * What the specs share: where screenshots go, the two-account fleet most of them route
 * over, calls to the management API with the dashboard link's token, switching views the
 * way a user does, and subscription logins pointed at fake authorization servers.
 */
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { StartOptions } from '../core/app.js';
import { abortableSleep } from '../core/auth/device-flow.js';
import type { LoginOptions } from '../core/auth/oauth-kinds.js';
import { login as claudeLogin } from '../core/auth/providers/claude.js';
import { login as kimiLogin } from '../core/auth/providers/kimi.js';
import type { LoginFlow } from '../core/auth/types.js';
import type { FakeOAuth } from '../core/testing/fake-oauth/index.js';
import { RFC8628_PATHS, type FakeDeviceServer } from '../core/testing/fake-oauth-device/index.js';
import type { AccountSpec } from '../core/testing/fleet.js';
import { DASHBOARD_DIR, ROOT } from './global-setup.js';

export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');

/** An OpenAI-chat account (`oa/…`) and an Anthropic one (`an/…`), each with its own fake. */
export const TWO_ACCOUNTS: readonly AccountSpec[] = [
  { id: 'openai-main', prefix: 'oa', format: 'openai-chat' },
  { id: 'claude-main', prefix: 'an', format: 'anthropic' },
];

/** Server options for a browser: the built dashboard, and the real clock its countdowns read. */
export function dashboardServer(): Partial<StartOptions> {
  return { clock: () => Date.now(), dashboardDir: DASHBOARD_DIR };
}

/** Calls a management method with the token from the dashboard link; the call must succeed. */
export async function callApi<T>(
  serverUrl: string,
  link: string,
  method: string,
  body: unknown = {},
): Promise<T> {
  const token = new URL(link).hash.replace('#token=', '');
  const response = await fetch(`${serverUrl}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const result = (await response.json()) as { ok: boolean; value: T };
  expect(result.ok).toBe(true);
  return result.value;
}

/** Clicks a view in the navigation and waits until it is the current one. */
export async function showView(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name, exact: true }).click();
  await expect(page.getByRole('button', { name, exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );
}

/**
 * The server's `startLogin` seam pointed at fakes: Claude (`cc`) at a fake OAuth server,
 * Kimi (`kmc`) at a fake RFC 8628 device server. The fakes start later, hence the getter.
 */
export function fakeLogins(
  fakes: () => { oauth: FakeOAuth; device: FakeDeviceServer },
): (kind: string, options: LoginOptions) => LoginFlow | undefined {
  return (kind, options) => {
    const { oauth, device } = fakes();
    if (kind === 'cc') {
      return claudeLogin({
        ...options,
        authorizeUrl: oauth.authorizeUrl,
        tokenUrl: oauth.tokenUrl,
      });
    }
    if (kind === 'kmc') {
      return kimiLogin({
        endpoints: {
          deviceAuthorization: device.url + RFC8628_PATHS.deviceAuthorization,
          token: device.url + RFC8628_PATHS.token,
        },
        // The fake asks for 5 s between polls; the approval should show without that wait.
        sleep: (_ms, signal) => abortableSleep(100, signal),
      });
    }
    return undefined;
  };
}
