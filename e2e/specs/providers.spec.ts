/**
 * The Providers view end to end: a real Switchyard with no accounts, served to Debian's
 * Chromium. A user adds an API-key account for a custom endpoint (a fake OpenAI
 * Responses upstream): a wrong key is refused with the upstream's reason and nothing is
 * saved, the right one adds the account, and a request from the `openai` SDK through it
 * shows in the feed. An unreachable endpoint is refused until the user says "Save anyway".
 */
import { mkdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import OpenAI from 'openai';
import type { AccountView } from '../../core/shared/contract.js';
import { startFakeUpstream, type FakeUpstream } from '../../core/testing/fake-upstream/index.js';
import { startFleet, type Fleet } from '../../core/testing/fleet.js';
import { chromiumMissing } from '../chromium.js';
import { callApi, dashboardServer, SCREENSHOTS } from '../support.js';

const RIGHT_KEY = 'sk-relay-right-0123456789';
const WRONG_KEY = 'sk-relay-wrong-9876543210';
const CUSTOM_KIND = 'Custom endpoint (openai-responses)';

test.describe.configure({ mode: 'serial' });
test.skip(chromiumMissing() !== undefined, chromiumMissing() ?? '');

let fleet: Fleet;
let upstream: FakeUpstream;
let link: string;
let page: Page;

test.beforeAll(async ({ browser }) => {
  upstream = await startFakeUpstream({ format: 'openai-responses', apiKey: RIGHT_KEY });
  fleet = await startFleet([], undefined, {
    ...dashboardServer(),
  });
  link = await fleet.server.dashboardLink();
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page?.close();
  await fleet?.close();
  await upstream?.close();
});

function accounts(): Promise<AccountView[]> {
  return callApi<AccountView[]>(fleet.url, link, 'accounts.list');
}

function addForm() {
  return page
    .locator('form')
    .filter({ has: page.getByRole('heading', { name: 'Add an API key' }) });
}

function providerItem(id: string) {
  return page.locator('li.combo-item').filter({ has: page.locator(`h3#account-${id}`) });
}

async function fillForm(fields: { id: string; baseUrl: string; apiKey: string }): Promise<void> {
  const form = addForm();
  await form.getByLabel('Provider').selectOption({ label: CUSTOM_KIND });
  await form.getByLabel('Account id (optional)').fill(fields.id);
  await form.getByLabel('Base URL (optional)').fill(fields.baseUrl);
  await form.getByLabel('API key').fill(fields.apiKey);
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function saveScreenshots(name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(SCREENSHOTS, `providers-${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('a wrong key is refused with the upstream’s reason, and nothing is saved', async () => {
  await page.goto(link);
  await page.getByRole('navigation').getByRole('button', { name: 'Providers' }).click();
  await expect(page.getByText('No accounts yet. Add an API key below.')).toBeVisible();

  await fillForm({ id: 'relay', baseUrl: upstream.baseUrl, apiKey: WRONG_KEY });
  await addForm().getByRole('button', { name: 'Check and add' }).click();
  const alert = addForm().getByRole('alert');
  await expect(alert).toHaveText(
    /^The provider refused this key: Incorrect API key provided: sk-\*{5}3210\. Nothing was saved\.$/,
  );
  await expect(addForm().getByLabel('API key')).toHaveValue('');
  await expect(addForm().getByRole('button', { name: 'Save anyway' })).toHaveCount(0);
  expect(await accounts()).toEqual([]);
  // The key was checked with a model listing, not a generation.
  expect(upstream.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
    'GET /v1/models',
  ]);
  await saveScreenshots('refused');
});

test('the right key adds the account, and an SDK request through it shows in the feed', async () => {
  await addForm().getByLabel('API key').fill(RIGHT_KEY);
  await addForm().getByRole('button', { name: 'Check and add' }).click();
  await expect(providerItem('relay')).toBeVisible();
  await expect(providerItem('relay')).toContainText('Kind: openai-responses');
  await expect(addForm().getByRole('alert')).toHaveCount(0);
  await expect(addForm().getByLabel('Account id (optional)')).toHaveValue('');

  const client = new OpenAI({ baseURL: `${fleet.url}/v1`, apiKey: fleet.routerKey, maxRetries: 0 });
  const reply = await client.responses.create({ model: 'relay/gpt-5.2', input: 'hello relay' });
  expect(reply.output_text).toBe('echo: hello relay');
  expect(upstream.requests.at(-1)?.headers['authorization']).toBe(`Bearer ${RIGHT_KEY}`);

  await page.getByRole('navigation').getByRole('button', { name: 'Overview' }).click();
  const feed = page.getByRole('list', { name: 'Recent requests' });
  await expect(feed.locator('li.feed__item').first()).toContainText('relay · gpt-5.2', {
    timeout: 12_000,
  });
  await expect(feed.locator('li.feed__item').first()).toContainText('200');
});

test('an unreachable endpoint is refused until the user says "Save anyway"', async () => {
  await page.getByRole('navigation').getByRole('button', { name: 'Providers' }).click();
  await fillForm({
    id: 'far',
    baseUrl: `http://127.0.0.1:${await closedPort()}/v1`,
    apiKey: 'sk-far-0123456789',
  });
  await addForm().getByRole('button', { name: 'Check and add' }).click();
  await expect(addForm().getByRole('alert')).toContainText(
    'The provider could not be reached to check this key',
  );
  expect((await accounts()).map((account) => account.id)).toEqual(['relay']);
  await saveScreenshots('unreachable');

  await addForm().getByRole('button', { name: 'Save anyway' }).click();
  await expect(providerItem('far')).toBeVisible();
  await expect(addForm().getByRole('button', { name: 'Save anyway' })).toHaveCount(0);
  expect((await accounts()).map((account) => account.id)).toEqual(['relay', 'far']);
});
