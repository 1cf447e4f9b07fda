// A coordinator sets the laptop up with the collector, sees exactly what will be sent, sends
// it, and finds each month in the log with the collector's receipt.
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import londonAuthorities from '../../resources/reference/london-local-authorities.json' with { type: 'json' };
import { openStore } from '../../main/db/store.ts';
import { setConversationDeleted } from '../../main/records/conversations.ts';
import { seedSyntheticData } from '../../main/records/seed.ts';
import { switchVolunteer } from '../../main/records/volunteers.ts';
import { issueEnrolmentCode } from '../../server/admin.ts';
import { backends, startCollector } from '../../server/testing/fixtures.ts';
import { expect, protectCurrentProfile, startHarness, test, unlockAs } from './fixtures.ts';

test('enrol, preview a month, send now and read the receipts', async ({ page, dataDir }) => {
  test.setTimeout(90_000);
  const collector = await startCollector(backends[0]!, { rateLimit: { burst: 100, perMinute: 600 } });
  const dbFile = path.join(dataDir, 'seeded.db');
  const { store } = await openStore(dbFile);
  seedSyntheticData(store, { conversations: 400, seed: 11 });
  await protectCurrentProfile(store);
  store.close();
  const harness = await startHarness(dbFile);
  try {
    await page.goto(harness.url);
    await unlockAs(page);
    await expect(page.getByRole('button', { name: /Sync status: Sync not set up/ })).toBeVisible();
    await page.getByRole('button', { name: /Sync status/ }).click();
    await expect(page.getByRole('heading', { name: 'Sync: anonymised counts' })).toBeVisible();
    // What is sent and how it is protected (policy version 2), before anything is set up.
    await expect(page.getByText(/Sessions are sent exactly; volunteer hours are rounded to whole hours/)).toBeVisible();
    await expect(page.getByText(/sent only when at least 8 conversations \(or 8 visitors\)/)).toBeVisible();

    // Before the first send: the month as a readable table, with small counts held back.
    // The seeder spreads records over the months before today: take the newest closed one.
    const month = (await page.getByLabel('Month').locator('option').first().getAttribute('value'))!;
    expect(month).toMatch(/^\d{4}-\d{2}$/);
    await page.getByLabel('Month').selectOption(month);
    await page.getByRole('button', { name: 'Show' }).click();
    const preview = page.locator('.submission-view');
    await expect(preview.getByRole('table', { name: 'Activity by kind of event' }).first()).toBeVisible();
    // Small counts, and small groups' whole rows, are held back.
    await expect(preview.getByText(/held back/i).first()).toBeAttached();
    const raw = (await page.locator('.raw-json').textContent())!;
    expect(raw).not.toMatch(/notes|Volunteer|T\d\d:\d\d/);
    // No table totals; a borough of 7 or fewer conversations shows no breakdown, and says so.
    expect(raw).not.toContain('"total"');
    const quiet = (JSON.parse(raw) as { boroughs: { byTopic?: unknown }[] }).boroughs.filter((b) => b.byTopic === undefined).length;
    await expect(preview.getByText('No breakdown for this borough: 7 or fewer conversations.')).toHaveCount(quiet);

    // A wrong code is refused and changes nothing.
    await page.getByLabel('Collector address').fill(collector.url);
    await page.getByLabel('Enrolment code').fill('AAAA-BBBB-CCCC-DDDD-EEEE');
    await page.getByRole('button', { name: 'Set up this laptop' }).click();
    await expect(page.getByRole('alert')).toContainText('The collector refused the enrolment code');

    const { code } = await issueEnrolmentCode(collector.store, collector.clock, { organisation: 'Lewisham Outreach' });
    await page.getByLabel('Enrolment code').fill(code);
    await page.getByRole('button', { name: 'Set up this laptop' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'This laptop is set up.' })).toBeVisible();

    await page.getByRole('button', { name: 'Send now' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Sent \d+ submissions\./ })).toBeVisible({ timeout: 30_000 });
    const log = page.getByRole('table', { name: "Every submission and the collector's receipt" });
    const sent = log.getByRole('row', { name: new RegExp(month) });
    await expect(sent).toContainText('Sent');
    await expect(sent).toContainText('(stored)');
    await expect(page.getByRole('button', { name: /Sync status: All sent/ })).toBeVisible({ timeout: 35_000 });

    // After sending: the log shows exactly what went.
    await sent.getByRole('button', { name: /View/ }).click();
    await expect(page.getByRole('heading', { name: `Submission for ${month}, revision 1` })).toBeVisible();

    // A late change too small to send: one conversation of that month deleted. It waits on the
    // laptop, and the Sync screen says which borough, and why.
    await expect(page.getByText('No changes to sent months are waiting.')).toBeVisible();
    const { store: records } = await openStore(dbFile);
    let lateBorough = '';
    try {
      const late = records.sqlite
        .prepare(
          `SELECT c.id, s.authority_code AS borough FROM conversation c JOIN event e ON e.id = c.event_id JOIN site s ON s.id = e.site_id
            WHERE c.local_day LIKE ? AND c.deleted_at IS NULL ORDER BY c.id LIMIT 1`,
        )
        .get(`${month}-%`) as { id: number; borough: string };
      const coordinator = records.sqlite.prepare(`SELECT id FROM volunteer WHERE role <> 'volunteer' ORDER BY id LIMIT 1`).pluck().get() as number;
      switchVolunteer(records, coordinator);
      setConversationDeleted(records, () => new Date(), late.id, true);
      lateBorough = late.borough;
    } finally {
      records.close();
    }
    await page.getByRole('button', { name: 'Send now' }).click();
    // Nothing new goes: the change is held, and revision 1 stays what the collector has.
    await expect(page.getByRole('status').filter({ hasText: 'Nothing was waiting to be sent.' })).toBeVisible({ timeout: 30_000 });
    const held = page.getByRole('region', { name: 'Changes waiting to be sent' });
    const borough = londonAuthorities.authorities.find((a) => a.code === lateBorough)!.name;
    await expect(held.getByText(`${borough}, ${month}: 1 conversation changed. It is sent once 8 have changed.`)).toBeVisible({ timeout: 35_000 });

    const scan = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    expect(scan.violations.map((v) => v.id)).toEqual([]);
  } finally {
    await harness.stop();
    await collector.stop();
  }
});
