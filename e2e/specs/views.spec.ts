/**
 * Every view, the way the issue asks for it: reachable and usable from the keyboard alone,
 * following the OS light or dark theme, fitting the 380×600 popover without sideways
 * scrolling and scaling to a full window; every control has a name. Saves each view in
 * both themes, popover-sized and wide, under test-results/screenshots/views-*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startFleet, type Fleet } from '../../core/testing/fleet.js';
import { chromiumMissing } from '../chromium.js';
import { dashboardServer, SCREENSHOTS, TWO_ACCOUNTS } from '../support.js';

const VIEWS = ['Overview', 'Providers', 'Combos', 'Usage', 'Settings'] as const;
type View = (typeof VIEWS)[number];
const POPOVER = { width: 380, height: 600 };
const WIDE = { width: 1200, height: 800 };

test.describe.configure({ mode: 'serial' });
test.skip(chromiumMissing() !== undefined, chromiumMissing() ?? '');

let fleet: Fleet;
let link: string;
let page: Page;

test.beforeAll(async ({ browser }) => {
  fleet = await startFleet(
    TWO_ACCOUNTS,
    (draft) => {
      draft.combos.push({
        name: 'primary',
        strategy: 'fallback',
        entries: [
          { model: 'oa/gpt-4o-mini', weight: 1 },
          { model: 'an/claude-sonnet-4-5', weight: 1 },
        ],
      });
      draft.routing.activeCombo = 'primary';
    },
    dashboardServer(),
  );
  link = await fleet.server.dashboardLink();
  page = await browser.newPage({ viewport: POPOVER });
  await page.goto(link);
  await expect(page.getByRole('navigation')).toBeVisible();
});

test.afterAll(async () => {
  await page?.close();
  await fleet?.close();
});

function navButton(view: View) {
  return page.getByRole('navigation').getByRole('button', { name: view, exact: true });
}

async function showView(view: View): Promise<void> {
  await navButton(view).click();
  await expect(navButton(view)).toHaveAttribute('aria-current', 'page');
}

test('the keyboard alone moves between views, with a visible focus ring', async () => {
  await page.locator('body').focus();
  // The first stops of the tab order are the view buttons, in their visual order.
  for (const view of VIEWS) {
    await page.keyboard.press('Tab');
    await expect(navButton(view)).toBeFocused();
    const outline = await navButton(view).evaluate((element) => {
      const style = getComputedStyle(element);
      return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    expect(outline.style).not.toBe('none');
    expect(outline.width).toBeGreaterThan(0);
  }
  // Enter and Space both activate the focused view button.
  await navButton('Usage').focus();
  await page.keyboard.press('Enter');
  await expect(navButton('Usage')).toHaveAttribute('aria-current', 'page');
  await navButton('Combos').focus();
  await page.keyboard.press('Space');
  await expect(navButton('Combos')).toHaveAttribute('aria-current', 'page');
  await showView('Overview');
});

test('every control in every view has a name a screen reader can read', async () => {
  for (const view of VIEWS) {
    await showView(view);
    const unnamed = await page.evaluate(() => {
      const controls = document.querySelectorAll<HTMLElement>(
        'button, a[href], input:not([type=hidden]), select, textarea, [role=button], [role=switch]',
      );
      const nameOf = (element: HTMLElement): string => {
        const labelledBy = element.getAttribute('aria-labelledby');
        const byIds =
          labelledBy === null
            ? ''
            : labelledBy
                .split(' ')
                .map((id) => document.getElementById(id)?.textContent ?? '')
                .join(' ');
        const labels =
          'labels' in element
            ? [...((element as HTMLInputElement).labels ?? [])].map((label) => label.textContent)
            : [];
        return [
          element.getAttribute('aria-label') ?? '',
          byIds,
          ...labels,
          element.getAttribute('title') ?? '',
          element instanceof HTMLInputElement ? element.placeholder : '',
          element.textContent ?? '',
        ]
          .join(' ')
          .trim();
      };
      return [...controls].filter((element) => nameOf(element) === '').map((e) => e.outerHTML);
    });
    expect(unnamed, `${view} has unnamed controls`).toEqual([]);
  }
  await showView('Overview');
});

test('every view fits the popover without sideways scrolling, and a wide window too', async () => {
  for (const viewport of [POPOVER, WIDE]) {
    await page.setViewportSize(viewport);
    for (const view of VIEWS) {
      await showView(view);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `${view} at ${viewport.width}px scrolls sideways`).toBeLessThanOrEqual(0);
    }
  }
  await page.setViewportSize(POPOVER);
  await showView('Overview');
});

test('the page follows the OS theme', async () => {
  const background = (): Promise<string> =>
    page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const text = (): Promise<string> => page.evaluate(() => getComputedStyle(document.body).color);
  await page.emulateMedia({ colorScheme: 'light' });
  const light = { background: await background(), text: await text() };
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = { background: await background(), text: await text() };
  expect(dark.background).not.toBe(light.background);
  expect(dark.text).not.toBe(light.text);
  // Light text on a dark page, dark text on a light page.
  expect(luminance(dark.background)).toBeLessThan(luminance(dark.text));
  expect(luminance(light.background)).toBeGreaterThan(luminance(light.text));
  await page.emulateMedia({ colorScheme: 'light' });
});

test('a screenshot of every view in both themes, popover-sized and wide', async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const [size, viewport] of [
      ['popover', POPOVER],
      ['wide', WIDE],
    ] as const) {
      await page.setViewportSize(viewport);
      for (const view of VIEWS) {
        await showView(view);
        await page.screenshot({
          path: join(SCREENSHOTS, `views-${view.toLowerCase()}-${colorScheme}-${size}.png`),
          fullPage: true,
        });
      }
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(POPOVER);
});

/** Relative luminance of a CSS `rgb(r, g, b)` colour, 0 (black) to 1 (white). */
function luminance(color: string): number {
  const [r = 0, g = 0, b = 0] = (color.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  const channel = (value: number): number => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}
