// The foundation slice as a volunteer lives it: first start, a site, today's session, visitor
// taps, a conversation, the running totals, and everything still there after a restart.
import { addSite, createProfile, expect, goTo, startHarness, test, unlockAs } from './fixtures.ts';

test('a volunteer records a stall session and finds it all after a restart', async ({ page, harness }) => {
  await page.goto(harness.url);
  await expect(page.getByRole('heading', { name: 'Welcome to Outreach Tally' })).toBeVisible();
  await createProfile(page);
  await addSite(page, 'Lewisham Library', 'Lewisham', 'Library');

  await goTo(page, 'Today');
  await page.getByLabel('Site').selectOption({ label: 'Lewisham Library' });
  await page.getByLabel('Kind of session').selectOption({ label: 'Pop-up shop' });
  await page.getByRole('button', { name: 'Open session' }).click();
  await expect(page.getByRole('heading', { name: 'Pop-up shop at Lewisham Library' })).toBeVisible();

  await page.getByRole('button', { name: '+1 adult', exact: true }).click();
  await expect(page.getByTestId('total-adults')).toHaveText('1');
  await page.getByRole('button', { name: '+3 adults' }).click();
  await page.getByRole('button', { name: '+2 children' }).click();
  await expect(page.getByTestId('total-adults')).toHaveText('4');
  await expect(page.getByTestId('total-children')).toHaveText('2');

  await page.getByRole('button', { name: 'Log conversation' }).click();
  await page.getByRole('checkbox', { name: 'Bowel screening' }).check();
  await page.getByRole('checkbox', { name: 'Stress and anxiety' }).check();
  await page.getByRole('checkbox', { name: 'Leaflet given' }).check();
  await page.getByRole('radio', { name: '60 to 74' }).check();
  await page.getByRole('button', { name: 'Save conversation' }).click();
  await expect(page.getByTestId('total-conversations')).toHaveText('1');
  await expect(page.getByText('Bowel screening: 1')).toBeVisible();

  // Restart: the harness process ends and a new one opens the same database file.
  await harness.stop();
  const restarted = await startHarness(harness.dbFile);
  try {
    await page.goto(restarted.url);
    // A restarted app opens on the lock screen: the coordinator types their PIN.
    await unlockAs(page, 'Amina');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByTestId('total-adults')).toHaveText('4');
    await expect(page.getByTestId('total-children')).toHaveText('2');
    await expect(page.getByTestId('total-conversations')).toHaveText('1');
    await expect(page.getByText('Stress and anxiety: 1')).toBeVisible();
  } finally {
    await restarted.stop();
  }
});

test('invalid input is refused with a message and writes nothing', async ({ page, harness }) => {
  await page.goto(harness.url);
  await createProfile(page);
  await goTo(page, 'Sites');
  await page.getByRole('button', { name: 'Add site' }).click();
  const summary = page.getByRole('alert');
  await expect(summary).toContainText('There is a problem');
  await expect(summary.getByRole('link', { name: "Enter the site's name." })).toBeVisible();
  await expect(summary.getByRole('link', { name: 'Choose a London borough.' })).toBeVisible();
  await expect(page.getByText('No sites yet.')).toBeVisible();
});
