/**
 * The whole first-day story in one server and one page, as issue 6 tells it: a user
 * connects an API-key provider, signs in to Claude (browser OAuth) and Kimi (device
 * code), builds a combo and activates it, sends traffic with the `openai` SDK and
 * watches the quota bars, feed and usage move, then runs the Claude account out and
 * sees the fallback. Everything a user would do happens in the dashboard; only the
 * traffic comes from the SDK. The signed-in Claude account keeps its real upstream
 * URL (api.anthropic.com), which a redirecting dispatcher sends to a fake Anthropic
 * that answers with the unified rate-limit headers; nothing reaches the network.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import OpenAI from 'openai';
import { CLAUDE_OAUTH } from '../../core/auth/providers/claude.js';
import { startFakeOAuth, type FakeOAuth } from '../../core/testing/fake-oauth/index.js';
import {
  startFakeDeviceServer,
  type FakeDeviceServer,
} from '../../core/testing/fake-oauth-device/index.js';
import { startFakeUpstream, type FakeUpstream } from '../../core/testing/fake-upstream/index.js';
import { startFleet, type Fleet } from '../../core/testing/fleet.js';
import { RedirectDispatcher } from '../../core/testing/redirect-dispatcher.js';
import { chromiumMissing } from '../chromium.js';
import { dashboardServer, fakeLogins, SCREENSHOTS, showView } from '../support.js';

const HOUR = 3_600_000;
const RELAY_KEY = 'sk-relay-journey-0123456789';
/** The fake OAuth server issues this access token, so the fake Anthropic accepts it. */
const CLAUDE_TOKEN = 'at-journey-claude';
const CLAUDE_MODEL = 'cc/claude-sonnet-4-5';
const RELAY_MODEL = 'relay/gpt-5.2';

test.describe.configure({ mode: 'serial' });
test.skip(chromiumMissing() !== undefined, chromiumMissing() ?? '');

let oauth: FakeOAuth;
let device: FakeDeviceServer;
let anthropic: FakeUpstream;
let relay: FakeUpstream;
let fleet: Fleet;
let page: Page;
/** Uncaught errors in the dashboard: a crash would otherwise show only as a blank page. */
const pageErrors: string[] = [];

const startLogin = fakeLogins(() => ({ oauth, device }));

/** Anthropic's unified 5-hour window headers, as a Claude subscription's responses carry them. */
function unifiedHeaders(utilization: number, resetsAt: number): Record<string, string> {
  return {
    'anthropic-ratelimit-unified-5h-utilization': String(utilization),
    'anthropic-ratelimit-unified-5h-reset': String(Math.floor(resetsAt / 1000)),
    'anthropic-ratelimit-unified-5h-status': utilization >= 1 ? 'rejected' : 'allowed',
  };
}

test.beforeAll(async ({ browser }) => {
  oauth = await startFakeOAuth({
    clientId: CLAUDE_OAUTH.clientId,
    tokenEncoding: 'json',
    tokenResponseExtras: () => ({
      access_token: CLAUDE_TOKEN,
      account: { uuid: 'acc-1', email_address: 'ada@example.com' },
      organization: { uuid: 'org-1', name: 'Ada Lab' },
    }),
  });
  device = await startFakeDeviceServer({ dialect: 'rfc8628' });
  anthropic = await startFakeUpstream({ format: 'anthropic', apiKey: CLAUDE_TOKEN });
  relay = await startFakeUpstream({ format: 'openai-responses', apiKey: RELAY_KEY });
  fleet = await startFleet(
    [],
    (draft) => {
      // Quota numbers come from response headers only: the usage endpoint is not faked here.
      draft.quota.poll = false;
    },
    {
      ...dashboardServer(),
      startLogin,
      dispatcher: new RedirectDispatcher(new URL(anthropic.baseUrl).origin, [
        'https://api.anthropic.com',
      ]),
    },
  );
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(await fleet.server.dashboardLink());
  mkdirSync(SCREENSHOTS, { recursive: true });
});

test.afterAll(async () => {
  await page?.close();
  await fleet?.close();
  await oauth?.close();
  await device?.close();
  await anthropic?.close();
  await relay?.close();
});

async function snap(stage: string, schemes: readonly ('light' | 'dark')[] = ['light']) {
  for (const colorScheme of schemes) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({
      path: join(SCREENSHOTS, `journey-${stage}-${colorScheme}.png`),
      fullPage: true,
    });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function chat(text: string): Promise<string> {
  const client = new OpenAI({ baseURL: `${fleet.url}/v1`, apiKey: fleet.routerKey, maxRetries: 0 });
  const reply = await client.chat.completions.create({
    model: 'auto',
    messages: [{ role: 'user', content: text }],
  });
  return reply.choices[0]?.message.content ?? '';
}

function accountCard(id: string) {
  return page.locator('section.account').filter({ has: page.locator(`h3#account-${id}`) });
}

/** Whether a card's state dot sits on the same line as the state's first words. */
async function dotBesideState(id: string): Promise<boolean> {
  return accountCard(id)
    .locator('[data-state]')
    .evaluate((state) => {
      const dot = state.querySelector('.state__dot')?.getBoundingClientRect();
      const words = [...state.childNodes].find(
        (node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '',
      );
      if (dot === undefined || words === undefined) return false;
      const range = document.createRange();
      range.selectNodeContents(words);
      const line = range.getClientRects()[0];
      const middle = dot.top + dot.height / 2;
      return line !== undefined && middle >= line.top && middle <= line.bottom;
    });
}

function latestRequest() {
  return page.getByRole('list', { name: 'Recent requests' }).locator('li.feed__item').first();
}

test('1. connects an API-key provider', async () => {
  await showView(page, 'Providers');
  const form = page
    .locator('form')
    .filter({ has: page.getByRole('heading', { name: 'Add an API key' }) });
  await form.getByLabel('Provider').selectOption({ label: 'Custom endpoint (openai-responses)' });
  await form.getByLabel('Account id (optional)').fill('relay');
  await form.getByLabel('Base URL (optional)').fill(relay.baseUrl);
  await form.getByLabel('API key').fill(RELAY_KEY);
  await form.getByRole('button', { name: 'Check and add' }).click();
  await expect(page.locator('h3#account-relay')).toBeVisible();
  await expect(form.getByRole('alert')).toHaveCount(0);
  await snap('1-api-key');
});

test('2. signs in to Claude in the browser and to Kimi with a device code', async () => {
  const section = page.getByRole('region', { name: 'Sign in to a subscription' });
  await section.getByRole('button', { name: 'Sign in to Claude Pro/Max (subscription)' }).click();
  // The "browser": the fake consent page approves and redirects to Switchyard's loopback port.
  const popup = page.waitForEvent('popup');
  await section.getByRole('link', { name: 'Open sign-in page' }).click();
  const landing = await popup;
  await landing.waitForLoadState();
  await landing.close();
  await expect(section.getByRole('status')).toContainText('Signed in as ada@example.com (Ada Lab)');
  await expect(page.locator('h3#account-cc-1')).toContainText('ada@example.com (Ada Lab)');
  await section.getByRole('button', { name: 'Done' }).click();

  await section.getByRole('button', { name: 'Sign in to Kimi Coding plan (subscription)' }).click();
  await expect(section.getByRole('status', { name: 'Your code' })).toHaveText('WDJB-MJHT');
  await snap('2-device-code');
  // The user typed the code on Kimi's page and approved: the next poll succeeds.
  device.script.polls.push('success');
  await expect(section).toContainText('Signed in as Kimi account');
  await expect(page.locator('h3#account-kmc-1')).toBeVisible();
  await snap('2-signed-in');
});

test('3. builds a combo of the Claude account and the API key, and activates it', async () => {
  await showView(page, 'Combos');
  await page.getByRole('button', { name: 'New combo' }).click();
  await page.getByLabel('Name', { exact: true }).fill('daily');
  const picker = page.getByLabel('Model or combo to add');
  for (const model of [CLAUDE_MODEL, RELAY_MODEL]) {
    await picker.fill(model);
    await picker.press('Enter');
  }
  await expect(page.getByRole('list', { name: 'Entries', exact: true }).locator('li')).toHaveText([
    new RegExp(CLAUDE_MODEL),
    new RegExp(RELAY_MODEL),
  ]);
  await page.getByRole('button', { name: 'Save combo' }).click();
  await expect(page.locator('form.editor')).toHaveCount(0);
  const daily = page.locator('li.combo-item').filter({ has: page.locator('h3#combo-daily') });
  await daily.getByRole('button', { name: 'Make daily the active combo' }).click();
  await expect(daily).toContainText('Active');

  await showView(page, 'Overview');
  await expect(page.getByLabel('Route requests through combo')).toHaveValue('daily');
  await snap('3-combo');
});

test('4. SDK traffic moves the quota bars, the feed and the usage chart', async () => {
  const resetsAt = Date.now() + 2 * HOUR;
  anthropic.enqueue({
    reply: { text: 'hello from claude', usage: { input: 1200, output: 300 } },
    headers: unifiedHeaders(0.42, resetsAt),
  });
  expect(await chat('hello')).toBe('hello from claude');
  // The Claude account kept its real URL; the dispatcher sent it to the fake.
  expect(anthropic.requests.at(-1)?.headers['authorization']).toBe(`Bearer ${CLAUDE_TOKEN}`);

  await expect(latestRequest()).toContainText('auto', { timeout: 12_000 });
  await expect(latestRequest()).toContainText('cc-1 · claude-sonnet-4-5');
  await expect(latestRequest()).toContainText('200');
  await expect(latestRequest()).not.toContainText('fallback');

  const card = accountCard('cc-1');
  await expect(card.getByRole('meter', { name: '5-hour: 42% used' })).toBeVisible();
  await expect(card).toContainText('42% used');
  await expect(card.locator('.source')).toHaveText('response headers');
  await expect(card).toContainText(/resets in (1h 59m|2h)/);
  // A long account name must not push the state's dot onto a line of its own.
  for (const id of ['relay', 'cc-1', 'kmc-1']) expect(await dotBesideState(id)).toBe(true);
  await snap('4-overview');

  await showView(page, 'Usage');
  await expect(page.locator('dd[data-total="Requests"]')).toHaveText('1');
  await expect(page.locator('dd[data-total="Tokens"]')).toHaveText('1.5k');
  const splitBy = page.getByRole('group', { name: 'Split by' });
  await splitBy.getByRole('button', { name: 'Provider' }).click();
  await expect(
    page.locator('.chart__legend').first().getByText('cc', { exact: true }),
  ).toBeVisible();
  await expect(page.locator('svg[role="img"] rect > title', { hasText: 'cc: 1.5k' })).toHaveCount(
    1,
  );
  await snap('4-usage');
  await splitBy.getByRole('button', { name: 'Total' }).click();
  await showView(page, 'Overview');
});

test('5. an exhausted Claude window falls back to the API key, and the card says so', async () => {
  const resetsAt = Date.now() + 3 * HOUR;
  anthropic.enqueue({ error: { status: 429, headers: unifiedHeaders(1, resetsAt) } });
  expect(await chat('again')).toBe('echo: again');
  expect(relay.requests.at(-1)?.headers['authorization']).toBe(`Bearer ${RELAY_KEY}`);

  const latest = latestRequest();
  await expect(latest).toContainText('relay · gpt-5.2', { timeout: 12_000 });
  await expect(latest.locator('.tag')).toHaveText('fallback');
  await latest.getByRole('button').click();
  await expect(latest.locator('.trace__step--failed')).toContainText('cc-1');
  await expect(latest.locator('.trace__step--failed')).toContainText('429');
  await expect(latest.locator('.trace__step--served')).toContainText('relay');

  const card = accountCard('cc-1');
  await expect(card.locator('[data-state]')).toHaveText(/^Cooling down back in (2h 59m|3h)/);
  await expect(card.getByRole('meter', { name: '5-hour: 100% used' })).toBeVisible();
  await expect(card).toContainText(/resets in (2h 59m|3h)/);
  await expect(accountCard('relay')).toContainText('Ready');
  expect(await dotBesideState('cc-1')).toBe(true);
  await snap('5-fallback', ['light', 'dark']);
  expect(pageErrors).toEqual([]);
});
