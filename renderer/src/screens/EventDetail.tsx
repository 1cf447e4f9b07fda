// One event for a coordinator: correct its details and volunteers' hours, review, correct,
// delete or restore what was recorded at it, and read each record's history.
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditedEntity, Conversation, EventDetail, Volunteer } from '../../../main/api/contract.ts';
import { limits } from '../../../shared/limits.ts';
import { findPersonalDetails } from '../../../shared/personal-details.ts';
import { call } from '../api.ts';
import { useContract } from '../app/useContract.ts';
import { useApp } from '../app/context.ts';
import { composeDateTime, DateTimeInput, emptyParts, partsFrom, type DateTimeParts } from '../components/DateTimeInput.tsx';
import { KindPicker } from '../components/KindPicker.tsx';
import { SitePicker } from '../components/SitePicker.tsx';
import { ErrorSummary, FieldError, fieldId, problemsFrom, type FormProblems } from '../components/errors.tsx';
import { History } from '../components/History.tsx';
import { NotesConfirm } from '../components/NotesConfirm.tsx';
import { PersonalDetailsWarning } from '../components/PersonalDetailsWarning.tsx';
import { fromLondonInput, toLondonInput } from '../format.ts';
import { ConversationForm } from './ConversationForm.tsx';
import { EventConversations } from './event-detail/EventConversations.tsx';
import { EventVisits } from './event-detail/EventVisits.tsx';

interface Draft {
  siteId: string;
  kind: string;
  start: DateTimeParts;
  end: DateTimeParts;
  notes: string;
  volunteers: { volunteerId: number; hours: string }[];
}

function draftFrom(detail: EventDetail | null, profile: Volunteer): Draft {
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

export function EventDetailView({ eventId, onBack, onCreated }: { eventId: number | null; onBack(): void; onCreated(id: number): void }) {
  const { t } = useTranslation();
  const { profile } = useApp();
  const [detail, setDetail] = useState<EventDetail | null>(null);
  const [draft, setDraft] = useState<Draft | null>(eventId === null ? draftFrom(null, profile) : null);
  const sites = useContract('sites.list', { includeRetired: true }).value ?? [];
  const volunteers = useContract('volunteers.list', {}).value ?? [];
  const [problems, setProblems] = useState<FormProblems | null>(null);
  const [status, setStatus] = useState('');
  const [editing, setEditing] = useState<Conversation | 'new' | null>(null);
  const [history, setHistory] = useState<{ entity: AuditedEntity; id: number } | null>(null);
  /** Notes that look personal wait for the coordinator's second, deliberate step. */
  const [confirmingNotes, setConfirmingNotes] = useState(false);
  const notesDetails = useMemo(() => findPersonalDetails(draft?.notes ?? ''), [draft?.notes]);

  const load = useCallback(async () => {
    if (eventId === null) return;
    const next = await call('events.detail', { id: eventId });
    setDetail(next);
    setDraft(draftFrom(next, profile));
  }, [eventId, profile]);

  useEffect(() => {
    void load();
  }, [load]);

  const guard = async (action: () => Promise<void>) => {
    try {
      setProblems(null);
      await action();
    } catch (error) {
      setProblems(problemsFrom(error, t));
      setStatus('');
    }
  };

  const save = (event?: FormEvent, confirmed = false) => {
    event?.preventDefault();
    if (!draft) return;
    const notesChanged = draft.notes !== (detail?.event.notes ?? '');
    if (notesChanged && notesDetails.length > 0 && !confirmed) {
      setConfirmingNotes(true);
      return;
    }
    setConfirmingNotes(false);
    // The day, month, year and time boxes are checked here, so a message names the field and what to do.
    const start = composeDateTime(draft.start);
    const end = composeDateTime(draft.end);
    const boxProblems: Record<string, string> = {};
    if ('problem' in start) boxProblems.startsAt = t(`dateInput.problems.${start.problem}`, { field: t('eventDetail.start') });
    if ('problem' in end) boxProblems.endsAt = t(`dateInput.problems.${end.problem}`, { field: t('eventDetail.end') });
    if (Object.keys(boxProblems).length > 0) {
      setProblems({ summary: t('errors.invalidInput'), fields: boxProblems });
      setStatus('');
      return;
    }
    const startValue = 'value' in start ? start.value : '';
    const endValue = 'value' in end ? end.value : '';
    void guard(async () => {
      const startsAt = fromLondonInput(startValue);
      const endsAt = endValue ? fromLondonInput(endValue) : null;
      const fields = {
        siteId: Number(draft.siteId),
        kind: draft.kind,
        // Unparseable input goes to the service as-is so its message names the field.
        startsAt: startsAt ?? startValue,
        endsAt: endValue ? (endsAt ?? endValue) : null,
        notes: draft.notes,
        volunteers: draft.volunteers.map((v) => ({ volunteerId: v.volunteerId, hours: v.hours === '' ? 0 : Number(v.hours) })),
        ...(confirmed && { personalDetailsConfirmed: true }),
      };
      if (eventId === null) {
        const created = await call('events.create', fields);
        onCreated(created.id);
        setStatus(t('eventDetail.created'));
      } else {
        await call('events.update', { id: eventId, fields });
        await load();
        setStatus(t('eventDetail.saved'));
      }
    });
  };

  const setEventDeleted = (deleted: boolean) =>
    guard(async () => {
      await call('events.setDeleted', { id: eventId!, deleted });
      await load();
      setStatus(deleted ? t('eventDetail.deleted') : t('eventDetail.restored'));
    });

  const setRecordDeleted = (entity: 'visit' | 'conversation', id: number, deleted: boolean) =>
    guard(async () => {
      if (entity === 'visit') await call('visits.setDeleted', { id, deleted });
      else await call('conversations.setDeleted', { id, deleted });
      await load();
    });

  if (!draft) return null;
  const event = detail?.event;
  const error = (field: string) => problems?.fields[field];
  const patchVolunteer = (index: number, hours: string) =>
    setDraft({ ...draft, volunteers: draft.volunteers.map((v, i) => (i === index ? { ...v, hours } : v)) });
  const nameOf = (id: number) => volunteers.find((v) => v.id === id)?.name ?? event?.volunteers.find((v) => v.volunteerId === id)?.name ?? '';
  const addable = volunteers.filter((v) => !draft.volunteers.some((d) => d.volunteerId === v.id));

  return (
    <div className="event-detail">
      <button type="button" className="link-button back-link" onClick={onBack}>
        {t('eventDetail.back')}
      </button>
      <h1>
        {event
          ? t('eventDetail.heading', { kind: t(`reference.eventKind.${event.kind}`), site: event.siteName })
          : t('events.addPast')}
      </h1>
      <p role="status" className="status-message">
        {status}
      </p>
      {event?.deleted && <p className="warning-callout">{t('eventDetail.deletedBanner')}</p>}
      <ErrorSummary problems={problems} form="event" />

      {editing === 'new' && eventId !== null ? (
        <ConversationForm
          mode={{
            kind: 'addToEvent',
            eventId,
            onSaved: () => {
              setEditing(null);
              setStatus(t('eventDetail.conversationAdded'));
              void load();
            },
          }}
          onCancel={() => setEditing(null)}
        />
      ) : editing && editing !== 'new' ? (
        <ConversationForm
          mode={{
            kind: 'edit',
            conversation: editing,
            onSaved: () => {
              setEditing(null);
              setStatus(t('eventDetail.conversationSaved'));
              void load();
            },
          }}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <form className="event-form" onSubmit={save} noValidate aria-labelledby="event-form-heading">
          <h2 id="event-form-heading">{t('eventDetail.editHeading')}</h2>
          <div className="filters__grid">
            <div className={error('siteId') ? 'field field--error' : 'field'}>
              <label htmlFor={fieldId('event', 'siteId')}>{t('eventDetail.site')}</label>
              <FieldError id="event-siteId" message={error('siteId')} />
              <SitePicker id={fieldId('event', 'siteId')} value={draft.siteId} onChange={(value) => setDraft({ ...draft, siteId: value })} empty={t('eventDetail.chooseSite')} sites={sites} />
            </div>
            <div className="field">
              <label htmlFor={fieldId('event', 'kind')}>{t('eventDetail.kind')}</label>
              <KindPicker id={fieldId('event', 'kind')} value={draft.kind} onChange={(value) => setDraft({ ...draft, kind: value })} />
            </div>
            <DateTimeInput
              id={fieldId('event', 'startsAt')}
              legend={t('eventDetail.start')}
              error={error('startsAt')}
              value={draft.start}
              onChange={(start) => setDraft({ ...draft, start })}
            />
            <DateTimeInput
              id={fieldId('event', 'endsAt')}
              legend={t('eventDetail.end')}
              hint={t('eventDetail.endHint')}
              error={error('endsAt')}
              value={draft.end}
              onChange={(end) => setDraft({ ...draft, end })}
            />
          </div>
          <fieldset className="field" id={fieldId('event', 'volunteers')}>
            <legend>{t('eventDetail.volunteersLegend')}</legend>
            {draft.volunteers.map((v, index) => {
              const hoursError = error(`volunteers.${index}.hours`);
              return (
                <div key={v.volunteerId} className={hoursError ? 'volunteer-hours field--error' : 'volunteer-hours'}>
                  <label htmlFor={`event-hours-${v.volunteerId}`}>{t('eventDetail.hours', { name: nameOf(v.volunteerId) })}</label>
                  <FieldError id={`event-hours-${v.volunteerId}`} message={hoursError} />
                  <input
                    id={`event-hours-${v.volunteerId}`}
                    type="number"
                    inputMode="decimal"
                    min={0}
                    max={limits.eventHours}
                    step={0.25}
                    value={v.hours}
                    onChange={(e) => patchVolunteer(index, e.target.value)}
                  />
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    onClick={() => setDraft({ ...draft, volunteers: draft.volunteers.filter((_, i) => i !== index) })}
                  >
                    {t('eventDetail.removeVolunteer', { name: nameOf(v.volunteerId) })}
                  </button>
                </div>
              );
            })}
            {addable.length > 0 && (
              <div className="field">
                <label htmlFor="event-add-volunteer">{t('eventDetail.addVolunteer')}</label>
                <select
                  id="event-add-volunteer"
                  value=""
                  onChange={(e) =>
                    e.target.value && setDraft({ ...draft, volunteers: [...draft.volunteers, { volunteerId: Number(e.target.value), hours: '' }] })
                  }
                >
                  <option value="">—</option>
                  {addable.map((v) => (
                    <option key={v.id} value={v.id}>
                      {v.name}
                    </option>
                  ))}
                </select>
              </div>
            )}
          </fieldset>
          <div className={error('notes') ? 'field field--error' : 'field'}>
            <label htmlFor={fieldId('event', 'notes')}>{t('eventDetail.notes')}</label>
            <p className="hint" id="event-notes-hint">
              {t('eventDetail.notesHint')}
            </p>
            <FieldError id="event-notes" message={error('notes')} />
            <PersonalDetailsWarning id="event-notes-warning" found={notesDetails} />
            <textarea
              id={fieldId('event', 'notes')}
              rows={2}
              maxLength={limits.notesLength}
              aria-describedby={notesDetails.length > 0 ? 'event-notes-hint event-notes-warning' : 'event-notes-hint'}
              value={draft.notes}
              onChange={(e) => {
                setDraft({ ...draft, notes: e.target.value });
                setConfirmingNotes(false);
              }}
            />
          </div>
          {confirmingNotes && (
            <NotesConfirm
              id="event-notes-confirm"
              busy={false}
              onEdit={() => {
                setConfirmingNotes(false);
                document.getElementById(fieldId('event', 'notes'))?.focus();
              }}
              onConfirm={() => save(undefined, true)}
            />
          )}
          <div className="form-actions">
            {!event?.deleted && (
              <button type="submit" className="button">
                {t('eventDetail.save')}
              </button>
            )}
            {event && (
              <button type="button" className="button button--danger" onClick={() => void setEventDeleted(!event.deleted)}>
                {event.deleted ? t('eventDetail.restore') : t('eventDetail.delete')}
              </button>
            )}
            {event && (
              <button type="button" className="button button--secondary" onClick={() => setHistory({ entity: 'event', id: event.id })}>
                {t('eventDetail.history')}
              </button>
            )}
          </div>
        </form>
      )}

      {detail && (
        <>
          <EventConversations
            detail={detail}
            editing={editing !== null}
            onAdd={() => setEditing('new')}
            onEdit={setEditing}
            onSetDeleted={(id, deleted) => void setRecordDeleted('conversation', id, deleted)}
            onHistory={(id) => setHistory({ entity: 'conversation', id })}
          />
          <EventVisits
            detail={detail}
            guard={guard}
            error={error}
            onChanged={async (message) => {
              setStatus(message);
              await load();
            }}
            onSetDeleted={(id, deleted) => void setRecordDeleted('visit', id, deleted)}
            onHistory={(id) => setHistory({ entity: 'visit', id })}
          />
        </>
      )}
      {history && <History entity={history.entity} id={history.id} onClose={() => setHistory(null)} />}
    </div>
  );
}
