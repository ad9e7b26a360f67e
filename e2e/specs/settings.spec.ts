/**
 * Settings end to end: a router key created in the UI works with the OpenAI
 * SDK and is refused (401) as soon as it is revoked in the UI; a budget and an
 * alert threshold saved in the UI reach the server's settings. Saves Settings
 * in light and dark, popover-sized and wide, under test-results/screenshots.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import OpenAI from 'openai';
import type { SettingsView } from '../../core/shared/contract.js';
import { startFleet, type Fleet } from '../../core/testing/fleet.js';
import { chromiumMissing } from '../chromium.js';
import { callApi, dashboardServer, SCREENSHOTS, TWO_ACCOUNTS } from '../support.js';

const MODEL = 'oa/gpt-4o-mini';

test.describe.configure({ mode: 'serial' });
test.skip(chromiumMissing() !== undefined, chromiumMissing() ?? '');

let fleet: Fleet;
let link: string;
let page: Page;

test.beforeAll(async ({ browser }) => {
  fleet = await startFleet(
    TWO_ACCOUNTS,
    (draft) => {
      draft.budgets.providers['an'] = { monthlyUsd: 50 };
    },
    dashboardServer(),
  );
  link = await fleet.server.dashboardLink();
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page?.close();
  await fleet?.close();
});

function settingsOnServer(): Promise<SettingsView> {
  return callApi<SettingsView>(fleet.url, link, 'settings.get');
}

async function chat(apiKey: string): Promise<number> {
  const client = new OpenAI({ baseURL: `${fleet.url}/v1`, apiKey, maxRetries: 0 });
  try {
    await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'hello' }],
    });
    return 200;
  } catch (error) {
    if (error instanceof OpenAI.APIError && error.status !== undefined) return error.status;
    throw error;
  }
}

async function openSettings(): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Router keys' })).toBeVisible();
}

test('a key created in Settings works until it is revoked there', async () => {
  await page.goto(link);
  await openSettings();
  await expect(page.getByRole('heading', { name: 'fleet' })).toBeVisible();

  await page.getByLabel('Name of a new key').fill('e2e-laptop');
  await page.getByRole('button', { name: 'Create key' }).click();
  const shown = page.getByRole('group', { name: 'New key e2e-laptop' });
  await expect(shown).toBeVisible();
  await expect(shown).toBeFocused();
  await expect(shown).toContainText('will not be shown again');
  const key = (await shown.getByTestId('new-router-key').textContent()) ?? '';
  expect(key).toMatch(/^sy-/);
  await expect(page.getByRole('heading', { name: 'e2e-laptop' })).toBeVisible();

  expect(await chat(key)).toBe(200);

  await shown.getByRole('button', { name: 'Done' }).click();
  await expect(shown).toBeHidden();
  await expect(page.getByText(key)).toHaveCount(0);

  await page.getByRole('button', { name: 'Revoke key e2e-laptop' }).click();
  const confirm = page.getByRole('group', { name: 'Revoke' });
  await expect(confirm).toContainText('refused from their next request');
  // Cancel is focused first, so Enter does not revoke by accident.
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByRole('heading', { name: 'e2e-laptop' })).toBeHidden();

  expect(await chat(key)).toBe(401);
  expect(await chat(fleet.routerKey)).toBe(200);
});

test('a budget and an alert threshold saved in Settings reach the server', async () => {
  await expect(page.getByLabel('Monthly USD for an')).toHaveValue('50');
  await page.getByLabel('Daily USD for oa').fill('5');
  await page.getByLabel('Monthly USD for an').fill('');
  await page.getByRole('button', { name: 'Save budgets' }).click();
  await expect
    .poll(async () => (await settingsOnServer()).budgets.providers)
    .toEqual({ oa: { dailyUsd: 5 } });

  const thresholds = page.getByLabel('Alert at (percent used)');
  await expect(thresholds).toHaveValue('80, 95');
  await thresholds.fill('90, 70');
  await page.getByLabel('Stop using an account at (percent)').fill('98');
  await page.getByRole('button', { name: 'Save alerts' }).click();
  await expect.poll(async () => (await settingsOnServer()).alertThresholds).toEqual([70, 90]);
  expect((await settingsOnServer()).stopAtPercent).toBe(98);
  await expect(thresholds).toHaveValue('70, 90');

  await thresholds.fill('70, 120');
  await page.getByRole('button', { name: 'Save alerts' }).click();
  await expect(page.getByRole('alert')).toContainText('from 1 to 100');
  expect((await settingsOnServer()).alertThresholds).toEqual([70, 90]);
  await thresholds.fill('70, 90');
});

test('a port change is saved for the next start and said so', async () => {
  const port = page.getByLabel('Port', { exact: true });
  await port.fill('23999');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(
    page.getByText(/Port 23999 is saved and applies when Switchyard starts again/),
  ).toBeVisible();
  expect((await settingsOnServer()).port).toBe(23999);
  expect(await chat(fleet.routerKey)).toBe(200);
});

test('Settings in light and dark, popover-sized and wide', async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.getByLabel('Name of a new key').fill('screenshot');
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByRole('group', { name: 'New key screenshot' })).toBeVisible();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const [size, viewport] of [
      ['popover', { width: 380, height: 600 }],
      ['wide', { width: 1200, height: 800 }],
    ] as const) {
      await page.setViewportSize(viewport);
      await page.screenshot({
        path: join(SCREENSHOTS, `settings-${colorScheme}-${size}.png`),
        fullPage: true,
      });
    }
  }
  // Nothing is wider than the popover.
  await page.setViewportSize({ width: 380, height: 600 });
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});
