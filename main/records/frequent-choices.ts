// The topics and outcomes a volunteer reaches for most, so the form can offer them first: counted
// over this laptop's most recent conversations recorded by this volunteer or at this site.
import { sql } from 'kysely';
import type { Store } from '../db/store.ts';
import { notFound } from '../../shared/errors.ts';
import { findEvent } from './events.ts';
import { requireCurrentVolunteer } from './volunteers.ts';

export interface FrequentChoices {
  /** Most used first; only codes used at least once. */
  topics: string[];
  outcomes: string[];
}

/** How far back to look, in conversations: recent habits, and a bounded scan on a big database. */
const RECENT_CONVERSATIONS = 5000;
const MOST_USED = 6;

export function frequentChoices(store: Store, eventId: number): FrequentChoices {
  const event = findEvent(store, eventId);
  if (!event || event.deleted) throw notFound('event');
  const volunteer = requireCurrentVolunteer(store);
  const latest = store.first(store.qb.selectFrom('conversation').select((eb) => eb.fn.max('id').as('id')))?.id ?? 0;
  const recent = store.qb
    .selectFrom('conversation as c')
    .innerJoin('event as e', 'e.id', 'c.event_id')
    .where('c.id', '>', latest - RECENT_CONVERSATIONS)
    .where('c.deleted_at', 'is', null)
    .where((eb) => eb.or([eb('c.recorded_by', '=', volunteer.id), eb('e.site_id', '=', event.siteId)]));
  const topics = store.all(
    recent
      .innerJoin('conversation_topic as x', 'x.conversation_id', 'c.id')
      .select('x.topic as code')
      .groupBy('x.topic')
      .orderBy(sql`count(*)`, 'desc')
      .orderBy('x.topic')
      .limit(MOST_USED),
  );
  const outcomes = store.all(
    recent
      .innerJoin('conversation_outcome as x', 'x.conversation_id', 'c.id')
      .select('x.outcome as code')
      .groupBy('x.outcome')
      .orderBy(sql`count(*)`, 'desc')
      .orderBy('x.outcome')
      .limit(MOST_USED),
  );
  return { topics: topics.map((r) => r.code), outcomes: outcomes.map((r) => r.code) };
}
