// A tap's numbers corrected after the session closed: the totals, the dashboard, the audit
// trail and the next sync revision all follow; a volunteer may correct only their own taps.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../main/db/store.ts';
import { auditTrailOf } from '../../main/records/audit.ts';
import { DomainError } from '../../shared/errors.ts';
import { closeSession, openSession, sessionTotals } from '../../main/records/events.ts';
import { createSite } from '../../main/records/sites.ts';
import { correctVisit, recordVisit, setVisitDeleted } from '../../main/records/visits.ts';
import { createVolunteer, switchVolunteer } from '../../main/records/volunteers.ts';
import { dashboardFigures } from '../../main/reports/dashboard.ts';
import { saveEnrolment } from '../../main/sync/config.ts';
import { heldChanges, refreshOutbox, submissionPayload } from '../../main/sync/outbox.ts';
import { freshStore, manualClock } from '../support/temp-store.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

async function stall() {
  const fresh = await freshStore();
  cleanups.push(() => {
    fresh.store.close();
    fs.rmSync(fresh.dir, { recursive: true, force: true });
  });
  const store: Store = fresh.store;
  const clock = manualClock('2026-10-06T09:00:00.000Z');
  const site = createSite(store, clock, { name: 'Deptford Library', authorityCode: 'E09000023', settingType: 'library' });
  const event = openSession(store, clock, { siteId: site.id, kind: 'popup_shop' });
  clock.advance(60_000);
  const { visitId } = recordVisit(store, clock, { eventId: event.id, adults: 3, children: 0 });
  clock.advance(60_000);
  recordVisit(store, clock, { eventId: event.id, adults: 1, children: 2 });
  clock.advance(3_600_000);
  closeSession(store, clock, event.id);
  return { store, eventId: event.id, visitId };
}

const refused = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a refusal');
};

describe('correcting a tap', () => {
  it('changes the totals and the dashboard, and keeps what it said before in the audit trail', async () => {
    const { store, eventId, visitId } = await stall();
    const later = manualClock('2026-10-20T12:00:00.000Z');
    const result = correctVisit(store, later, visitId, { adults: 2, children: 1 });
    expect(result.totals).toMatchObject({ adults: 3, children: 3 });
    expect(sessionTotals(store, eventId)).toMatchObject({ adults: 3, children: 3 });
    expect(dashboardFigures(store, { from: '2026-10-01', to: '2026-10-31' }, 'week').headline).toMatchObject({ adults: 3, children: 3, visitors: 6 });
    const trail = auditTrailOf(store, 'visit', visitId);
    const update = trail.find((entry) => entry.action === 'update')!;
    expect(update.before).toMatchObject({ adults: 3, children: 0 });
    expect(update.after).toMatchObject({ adults: 2, children: 1 });
    expect(update.at).toBe('2026-10-20T12:00:00.000Z');
    // The same numbers again change nothing and add nothing to the trail.
    correctVisit(store, later, visitId, { adults: 2, children: 1 });
    expect(auditTrailOf(store, 'visit', visitId).filter((e) => e.action === 'update')).toHaveLength(1);
  });

  it('refuses no people, a deleted tap, and a volunteer correcting someone else’s tap, changing nothing', async () => {
    const { store, eventId, visitId } = await stall();
    const clock = manualClock('2026-10-20T12:00:00.000Z');
    expect(refused(() => correctVisit(store, clock, visitId, { adults: 0, children: 0 })).fields[0]).toMatchObject({ field: 'adults', messageKey: 'errors.visitNeedsPeople' });
    const volunteer = createVolunteer(store, clock, { name: 'Sam', role: 'volunteer', language: 'en-GB' });
    switchVolunteer(store, volunteer.id);
    expect(refused(() => correctVisit(store, clock, visitId, { adults: 1, children: 0 })).messageKey).toBe('errors.coordinatorsOnly');
    switchVolunteer(store, 1);
    setVisitDeleted(store, clock, visitId, true);
    expect(refused(() => correctVisit(store, clock, visitId, { adults: 1, children: 0 })).messageKey).toBe('errors.recordDeleted');
    expect(sessionTotals(store, eventId)).toMatchObject({ adults: 1, children: 2 });
  });

  it('makes a new revision of a month already queued for sending (visitors protected like conversations)', async () => {
    const { store, eventId, visitId } = await stall();
    // A busier afternoon: 3 + 1 + 6 = 10 adults, 2 children.
    recordVisit(store, manualClock('2026-10-06T09:30:00.000Z'), { eventId, adults: 6, children: 0 });
    saveEnrolment(store, { endpoint: 'https://collector.example/', enrolmentId: 'dev_visits' });
    const clock = manualClock('2026-11-20T10:00:00.000Z');
    const [first] = refreshOutbox(store, clock);
    const visitors = (id: string) => JSON.parse(submissionPayload(store, id)!).boroughs[0].activity[0];
    expect(visitors(first!.submissionId)).toMatchObject({ visitorsAdults: 10, visitorsChildren: 'suppressed' });
    expect(refreshOutbox(store, clock)).toEqual([]);
    clock.advance(60_000);
    correctVisit(store, clock, visitId, { adults: 8, children: 0 }); // 15 adults now
    clock.advance(60_000);
    const [second] = refreshOutbox(store, clock);
    // Revision 1 never left the device: it is replaced, nothing is held back.
    expect(second).toMatchObject({ period: '2026-10', revision: 2, superseded: [first!.submissionId] });
    expect(visitors(second!.submissionId)).toMatchObject({ visitorsAdults: 15, visitorsChildren: 'suppressed' });
    expect(heldChanges(store)).toEqual([]);
  });
});
