/**
 * The dashboard end to end: a real Switchyard (temp data dir, fake OpenAI-chat and
 * Anthropic upstreams, two combos) served to Debian's Chromium. Checks the Overview,
 * the combo switch, live traffic in the feed and in usage, a 429 that cools an account
 * and falls back, and saves every view in light and dark under test-results/screenshots.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import OpenAI from 'openai';
import type { StatusView } from '../../core/shared/contract.js';
import { startFleet, type Fleet } from '../../core/testing/fleet.js';
import { chromiumMissing } from '../chromium.js';
import { callApi, dashboardServer, SCREENSHOTS, showView, TWO_ACCOUNTS } from '../support.js';

const OPENAI_MODEL = 'oa/gpt-4o-mini';
const CLAUDE_MODEL = 'an/claude-sonnet-4-5';

test.describe.configure({ mode: 'serial' });
test.skip(chromiumMissing() !== undefined, chromiumMissing() ?? '');

let fleet: Fleet;
let link: string;
let page: Page;

test.beforeAll(async ({ browser }) => {
  fleet = await startFleet(
    TWO_ACCOUNTS,
    (draft) => {
      draft.combos.push(
        {
          name: 'primary',
          strategy: 'fallback',
          entries: [
            { model: OPENAI_MODEL, weight: 1 },
            { model: CLAUDE_MODEL, weight: 1 },
          ],
        },
        { name: 'backup', strategy: 'fallback', entries: [{ model: CLAUDE_MODEL, weight: 1 }] },
      );
      draft.routing.activeCombo = 'primary';
      draft.pricing[OPENAI_MODEL] = { input: 2, output: 8 };
      draft.pricing[CLAUDE_MODEL] = { input: 3, output: 15 };
    },
    // The browser's countdowns read the real clock, so the server must too.
    dashboardServer(),
  );
  link = await fleet.server.dashboardLink();
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page?.close();
  await fleet?.close();
});

function api<T>(method: string, body: unknown = {}): Promise<T> {
  return callApi<T>(fleet.url, link, method, body);
}

async function chat(model = 'auto'): Promise<void> {
  const client = new OpenAI({ baseURL: `${fleet.url}/v1`, apiKey: fleet.routerKey, maxRetries: 0 });
  await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }] });
}

function accountCard(id: string) {
  return page.locator('section.account').filter({ has: page.locator(`h3#account-${id}`) });
}

test('without the token the page says to open the printed link', async ({ browser }) => {
  const bare = await browser.newPage();
  await bare.goto(fleet.url);
  await expect(bare.getByRole('alert')).toContainText('switchyard serve');
  await bare.close();
});

test('the Overview shows both accounts and the active combo', async () => {
  await page.goto(link);
  // The token leaves the address bar once read.
  await expect.poll(() => page.url()).not.toContain('token=');
  await expect(accountCard('openai-main')).toBeVisible();
  await expect(accountCard('claude-main')).toBeVisible();
  await expect(accountCard('openai-main')).toContainText('Ready');
  await expect(page.getByLabel('Route requests through combo')).toHaveValue('primary');
});

test('switching the combo in the UI changes it on the server', async () => {
  await page.getByLabel('Route requests through combo').selectOption('backup');
  await expect.poll(async () => (await api<StatusView>('status.get')).activeCombo).toBe('backup');
  await page.getByLabel('Route requests through combo').selectOption('primary');
  await expect.poll(async () => (await api<StatusView>('status.get')).activeCombo).toBe('primary');
});

test('traffic through the server shows up in the feed and in the usage totals', async () => {
  fleet.fakes['openai-main']?.enqueue({
    reply: { text: 'hi', usage: { input: 1200, output: 300 } },
  });
  await chat();
  const feed = page.getByRole('list', { name: 'Recent requests' });
  await expect(feed.locator('li.feed__item').first()).toContainText('openai-main · gpt-4o-mini', {
    timeout: 12_000,
  });
  await expect(feed.locator('li.feed__item').first()).toContainText('200');

  await showView(page, 'Usage');
  await expect(page.locator('dd[data-total="Requests"]')).toHaveText('1');
  await expect(page.locator('dd[data-total="Tokens"]')).toHaveText('1.5k');
  await expect(page.getByText('what these tokens would cost at API prices')).toBeVisible();
  await expect(page.getByRole('table', { name: 'By model' })).toContainText('gpt-4o-mini');
  // Split by provider: the stacked bars' legend and bar titles name the request's prefix.
  const splitBy = page.getByRole('group', { name: 'Split by' });
  await splitBy.getByRole('button', { name: 'Provider' }).click();
  await expect(splitBy.getByRole('button', { name: 'Provider' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(
    page.locator('.chart__legend').first().getByText('oa', { exact: true }),
  ).toBeVisible();
  await expect(page.locator('svg[role="img"] rect > title', { hasText: 'oa: 1.5k' })).toHaveCount(
    1,
  );
  await splitBy.getByRole('button', { name: 'Total' }).click();
  await showView(page, 'Overview');
});

test('a 429 cools the account down and the feed shows the fallback', async () => {
  fleet.fakes['openai-main']?.enqueue({
    error: {
      status: 429,
      // The fake's own reset header is a second; ten minutes leaves the countdown time to show.
      headers: { 'retry-after': '600', 'x-ratelimit-reset-requests': '10m0s' },
    },
  });
  await chat();
  const card = accountCard('openai-main');
  await expect(card).toContainText('Cooling down', { timeout: 12_000 });
  await expect(card).toContainText(/back in (9|10)m/);

  const latest = page
    .getByRole('list', { name: 'Recent requests' })
    .locator('li.feed__item')
    .first();
  await expect(latest).toContainText('claude-main');
  await expect(latest).toContainText('fallback');
  await latest.getByRole('button').click();
  await expect(latest.locator('.trace__step--failed')).toContainText('openai-main');
  await expect(latest.locator('.trace__step--served')).toContainText('claude-main');
  await saveViews('after-fallback');

  // Clearing by hand puts the account straight back.
  await card.getByRole('button', { name: /Clear the cooldown/ }).click();
  await expect(card).toContainText('Ready');
});

test('every view in light and dark, popover-sized and wide', async () => {
  await saveViews('final');
});

async function saveViews(stage: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const view of ['Overview', 'Usage', 'Settings'] as const) {
      await showView(page, view);
      for (const [size, viewport] of [
        ['popover', { width: 380, height: 600 }],
        ['wide', { width: 1200, height: 800 }],
      ] as const) {
        if (stage !== 'final' && size === 'wide') continue;
        await page.setViewportSize(viewport);
        await page.screenshot({
          path: join(SCREENSHOTS, `${stage}-${view.toLowerCase()}-${colorScheme}-${size}.png`),
          fullPage: true,
        });
      }
    }
  }
  await page.setViewportSize({ width: 380, height: 600 });
  await page.emulateMedia({ colorScheme: 'light' });
  await showView(page, 'Overview');
}
