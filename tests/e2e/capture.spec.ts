// A volunteer at a busy table: keyboard-only recording, undo, the crisis panel and the
// personal-details warning.
import { api, expect, openSessionViaApi, test } from './fixtures.ts';

test('a whole stall session by keyboard alone', async ({ page, harness }) => {
  await openSessionViaApi(page, harness.url);
  // Continue the open session: tab to its button and press Enter.
  const continueButton = page.getByRole('button', { name: 'Continue' });
  for (let i = 0; i < 30 && !(await continueButton.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Pop-up shop at Deptford Market' })).toBeVisible();

  await page.locator('body').click({ position: { x: 1, y: 1 } }); // focus the page, not a field
  await page.keyboard.press('Digit1');
  await page.keyboard.press('Digit3');
  await page.keyboard.press('Shift+Digit2');
  await expect(page.getByTestId('total-adults')).toHaveText('4');
  await expect(page.getByTestId('total-children')).toHaveText('2');

  await page.keyboard.press('c');
  const firstTopic = page.getByRole('checkbox', { name: 'Signs and symptoms of cancer' });
  await expect(firstTopic).toBeFocused();
  await page.keyboard.press('Space');
  // The topics are one Tab stop: arrow keys move inside the group.
  await page.keyboard.press('ArrowRight'); // Bowel cancer
  await page.keyboard.press('ArrowRight'); // Breast cancer
  await page.keyboard.press('Space');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('total-conversations')).toHaveText('1');
  await expect(page.getByText('Breast cancer: 1')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Log conversation' })).toBeFocused();

  // U undoes the last action (the conversation), without a dialog.
  await page.keyboard.press('u');
  await expect(page.getByTestId('total-conversations')).toHaveText('0');
  await expect(page.getByRole('status').filter({ hasText: 'Undone.' })).toBeAttached();
});

test('undo removes the last tap from the totals and the records', async ({ page, harness }) => {
  const { eventId } = await openSessionViaApi(page, harness.url);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: '+3 adults' }).click();
  await expect(page.getByTestId('total-adults')).toHaveText('3');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByTestId('total-adults')).toHaveText('0');
  const totals = await api<{ adults: number }>(page, 'sessions.totals', { eventId });
  expect(totals.adults).toBe(0);
});

test('the crisis and safeguarding panel is one click away, and opens with the safeguarding flag', async ({ page, harness }) => {
  await openSessionViaApi(page, harness.url);
  await page.getByRole('button', { name: 'Crisis and safeguarding' }).click();
  const panel = page.getByRole('dialog', { name: 'Crisis and safeguarding' });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('116 123');
  await expect(panel).toContainText('111, option 2');
  await expect(panel).toContainText('999');
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();

  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Log conversation' }).click();
  await page.getByRole('checkbox', { name: 'Safeguarding concern' }).check();
  await expect(panel).toBeVisible();
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('checkbox', { name: 'Safeguarding concern' })).toBeChecked();
});

test('notes that look like personal details warn before saving', async ({ page, harness }) => {
  await openSessionViaApi(page, harness.url);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Log conversation' }).click();
  const notes = page.getByLabel('Notes');
  await notes.fill('Worried about a lump, lives at SE13 6LH, call 07700 900123');
  const warning = page.getByRole('alert').filter({ hasText: 'These notes may contain personal details' });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('a postcode');
  await expect(warning).toContainText('a phone number');
  await notes.fill('Worried about a lump; signposted to GP');
  await expect(warning).toBeHidden();
});

test('a conversation with no topic is refused in the form and nothing is saved', async ({ page, harness }) => {
  const { eventId } = await openSessionViaApi(page, harness.url);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Log conversation' }).click();
  await page.getByRole('button', { name: 'Save conversation' }).click();
  await expect(page.getByRole('alert').getByRole('link', { name: 'Choose at least one topic.' })).toBeVisible();
  expect((await api<{ conversations: number }>(page, 'sessions.totals', { eventId })).conversations).toBe(0);
});
