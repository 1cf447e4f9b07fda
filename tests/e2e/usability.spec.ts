// Touch and low-vision use at the stall: big targets on the Today screen, text that scales to
// 200% without loss, and the OS's reduced-motion preference honoured.
import type { Page } from '@playwright/test';
import { expect, openSessionViaApi, test } from './fixtures.ts';

async function smallTargets(page: Page, selector: string, min: number): Promise<string[]> {
  return page.locator(selector).evaluateAll(
    (elements, minimum) =>
      elements
        .filter((el) => (el as HTMLElement).offsetParent !== null)
        .map((el) => ({ el, box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.width < minimum || box.height < minimum)
        .map(({ el, box }) => `${el.tagName} "${(el.textContent ?? '').trim().slice(0, 30)}" ${Math.round(box.width)}x${Math.round(box.height)}`),
    min,
  );
}

test('every target on the Today screen is at least 44 by 44 CSS pixels', async ({ page, harness }) => {
  await openSessionViaApi(page, harness.url);
  await page.getByRole('button', { name: 'Continue' }).click();
  expect(await smallTargets(page, 'main button, main select, main summary', 44)).toEqual([]);
  await page.getByRole('button', { name: 'Log conversation' }).click();
  expect(await smallTargets(page, 'main button, main select, main label.chip, main label.radio, main label.checkbox', 44)).toEqual([]);
});

test('text scales to 200% without horizontal scrolling or clipped controls', async ({ page, harness }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openSessionViaApi(page, harness.url);
  // As a browser's text-size setting does (the CSP rightly refuses an injected stylesheet).
  await page.evaluate(() => document.documentElement.style.setProperty('font-size', '200%', 'important'));
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.getByRole('button', { name: 'Continue' }).click();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.getByRole('button', { name: 'Log conversation' }).click();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await expect(page.getByRole('button', { name: 'Save conversation' })).toBeVisible();
});

test('reduced motion turns transitions and animations off', async ({ page, harness }) => {
  const motion = async () => {
    const transition = await page.getByRole('button', { name: '+1 adult', exact: true }).evaluate((el) => getComputedStyle(el).transitionDuration);
    const animation = await page.locator('.undo-bar').evaluate((el) => getComputedStyle(el).animationName);
    return { moves: transition.split(',').some((d) => parseFloat(d) > 0), animated: animation !== 'none' };
  };
  await openSessionViaApi(page, harness.url);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: '+1 adult', exact: true }).click();
  await expect(page.locator('.undo-bar')).toBeVisible();
  // By default the tap and the undo bar move...
  expect(await motion()).toEqual({ moves: true, animated: true });
  // ...and with the OS's reduced-motion setting they do not.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  expect(await motion()).toEqual({ moves: false, animated: false });
});
