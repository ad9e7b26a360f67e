/**
 * Subscription sign-in end to end: a real Switchyard whose logins point at fake
 * authorization servers, driven from the Providers view in Debian's Chromium. A
 * browser login follows the "Open sign-in page" link through the fake consent
 * page back to Switchyard's loopback port; a device login shows the code, which
 * the test approves on the fake device server. Each login state is saved under
 * test-results/screenshots.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { CLAUDE_OAUTH } from '../../core/auth/providers/claude.js';
import { startFakeOAuth, type FakeOAuth } from '../../core/testing/fake-oauth/index.js';
import {
  startFakeDeviceServer,
  type FakeDeviceServer,
} from '../../core/testing/fake-oauth-device/index.js';
import { startFleet, type Fleet } from '../../core/testing/fleet.js';
import { chromiumMissing } from '../chromium.js';
import { dashboardServer, fakeLogins, SCREENSHOTS } from '../support.js';

const CLAUDE = 'Claude Pro/Max (subscription)';
const KIMI = 'Kimi Coding plan (subscription)';

test.describe.configure({ mode: 'serial' });
test.skip(chromiumMissing() !== undefined, chromiumMissing() ?? '');

let oauth: FakeOAuth;
let device: FakeDeviceServer;
let fleet: Fleet;
let page: Page;
/** Uncaught errors in the dashboard: a crash would otherwise show only as a blank page. */
const pageErrors: string[] = [];

const startLogin = fakeLogins(() => ({ oauth, device }));

test.beforeAll(async ({ browser }) => {
  oauth = await startFakeOAuth({
    clientId: CLAUDE_OAUTH.clientId,
    tokenEncoding: 'json',
    tokenResponseExtras: () => ({
      account: { uuid: 'acc-1', email_address: 'ada@example.com' },
      organization: { uuid: 'org-1', name: 'Ada Lab' },
    }),
  });
  device = await startFakeDeviceServer({ dialect: 'rfc8628' });
  fleet = await startFleet([], undefined, {
    ...dashboardServer(),
    startLogin,
  });
  const context = await browser.newContext({
    permissions: ['clipboard-read', 'clipboard-write'],
    viewport: { width: 380, height: 600 },
  });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(await fleet.server.dashboardLink());
  await page.getByRole('navigation').getByRole('button', { name: 'Providers' }).click();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

test.afterAll(async () => {
  await page?.context().close();
  await fleet?.close();
  await oauth?.close();
  await device?.close();
});

async function snap(name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({
      path: join(SCREENSHOTS, `logins-${name}-${colorScheme}-popover.png`),
      fullPage: true,
    });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

function accountHeading(id: string) {
  return page.locator(`h3#account-${id}`);
}

test('signs in to a browser subscription through the sign-in page', async () => {
  const section = page.getByRole('region', { name: 'Sign in to a subscription' });
  await section.getByRole('button', { name: `Sign in to ${CLAUDE}` }).click();
  await expect(section).toContainText('Waiting for you to finish in the browser…');
  const link = section.getByRole('link', { name: 'Open sign-in page' });
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  await snap('browser-waiting');

  // The "browser": the fake consent page approves and redirects to Switchyard's loopback port.
  const popup = page.waitForEvent('popup');
  await link.click();
  const landing = await popup;
  await landing.waitForLoadState();
  await expect(landing.locator('body')).not.toBeEmpty();
  await landing.close();

  await expect(section.getByRole('status')).toContainText('Signed in as ada@example.com (Ada Lab)');
  await expect(accountHeading('cc-1')).toContainText('ada@example.com (Ada Lab)');
  await snap('browser-success');
  await expect(
    page.getByRole('button', { name: 'Sign in to ada@example.com (Ada Lab) again' }),
  ).toBeVisible();
  await section.getByRole('button', { name: 'Done' }).click();
});

test('signs in with a device code: the code is shown, copied, and approved', async () => {
  const section = page.getByRole('region', { name: 'Sign in to a subscription' });
  await section.getByRole('button', { name: `Sign in to ${KIMI}` }).click();
  const code = section.getByRole('status', { name: 'Your code' });
  await expect(code).toHaveText(/\S+/);
  const shown = (await code.textContent()) ?? '';
  // The code on screen is the one the device server issued for this login.
  expect(shown).toBe('WDJB-MJHT');
  await expect(section.getByRole('link', { name: 'Open verification page' })).toHaveAttribute(
    'href',
    /\/device/,
  );
  await expect(section).toContainText(/The code expires in \d+m/);
  await section.getByRole('button', { name: 'Copy the sign-in code' }).click();
  await expect(section.getByRole('button', { name: 'Copy the sign-in code' })).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);
  await snap('device-code');

  // The user typed the code on the provider's page and approved: the next poll succeeds.
  device.script.polls.push('success');
  await expect(section).toContainText('Signed in as Kimi account');
  await expect(accountHeading('kmc-1')).toBeVisible();
  await snap('device-success');
});

test('a refused sign-in shows its reason, and Cancel stops a login', async () => {
  const section = page.getByRole('region', { name: 'Sign in to a subscription' });
  await section.getByRole('button', { name: `Sign in to ${KIMI}` }).click();
  await expect(section.getByRole('status', { name: 'Your code' })).toBeVisible();
  await section.getByRole('button', { name: 'Cancel' }).click();
  await expect(section).toContainText('Sign-in cancelled.');

  await section.getByRole('button', { name: `Sign in to ${KIMI}` }).click();
  await expect(section.getByRole('status', { name: 'Your code' })).toBeVisible();
  device.script.polls.push('denied');
  await expect(section.getByRole('alert')).not.toBeEmpty();
  await snap('failure');
  expect(pageErrors).toEqual([]);
});
