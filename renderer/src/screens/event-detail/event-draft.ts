// What the event form holds while a coordinator types (text, as typed), and how it becomes the
// fields the service checks. Date boxes are checked here so a message can name the box.
import type { EventDetail, MethodInput, Volunteer } from '../../../../main/api/contract.ts';
import { composeDateTime, emptyParts, partsFrom, type Composed, type DateTimeParts } from '../../components/DateTimeInput.tsx';
import { fromLondonInput, toLondonInput } from '../../format.ts';

export interface EventDraft {
  siteId: string;
  kind: string;
  start: DateTimeParts;
  end: DateTimeParts;
  notes: string;
  volunteers: { volunteerId: number; hours: string }[];
}

export type EventFields = MethodInput<'events.create'>;
type DateProblem = Extract<Composed, { problem: string }>['problem'];

/** A new event starts as a pop-up shop with the coordinator present; a saved one as it was saved. */
export function draftFrom(detail: EventDetail | undefined, profile: Volunteer): EventDraft {
  if (!detail) {
    return { siteId: '', kind: 'popup_shop', start: emptyParts, end: emptyParts, notes: '', volunteers: [{ volunteerId: profile.id, hours: '' }] };
  }
  const { event } = detail;
  return {
    siteId: String(event.siteId),
    kind: event.kind,
    start: partsFrom(toLondonInput(event.startsAt)),
    end: event.endsAt ? partsFrom(toLondonInput(event.endsAt)) : emptyParts,
    notes: event.notes,
    volunteers: event.volunteers.map((v) => ({ volunteerId: v.volunteerId, hours: String(v.hours) })),
  };
}

/** The fields to send, or which date boxes do not make a date (and why). */
export function fieldsFrom(draft: EventDraft): { fields: EventFields } | { dateProblems: Partial<Record<'startsAt' | 'endsAt', DateProblem>> } {
  const start = composeDateTime(draft.start);
  const end = composeDateTime(draft.end);
  if ('problem' in start || 'problem' in end) {
    return { dateProblems: { ...('problem' in start && { startsAt: start.problem }), ...('problem' in end && { endsAt: end.problem }) } };
  }
  const startsAt = fromLondonInput(start.value);
  const endsAt = end.value ? fromLondonInput(end.value) : null;
  return {
    fields: {
      siteId: Number(draft.siteId),
      kind: draft.kind,
      // Unparseable input goes to the service as-is so its message names the field.
      startsAt: startsAt ?? start.value,
      endsAt: end.value ? (endsAt ?? end.value) : null,
      notes: draft.notes,
      volunteers: draft.volunteers.map((v) => ({ volunteerId: v.volunteerId, hours: v.hours === '' ? 0 : Number(v.hours) })),
    },
  };
}
