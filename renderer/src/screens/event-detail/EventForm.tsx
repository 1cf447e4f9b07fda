// An event's own details: site, kind, start and end, volunteers' hours and notes, saved together;
// notes that look personal wait for a second, deliberate step. Also deletes or restores the event.
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventDetail } from '../../../../main/api/contract.ts';
import { limits } from '../../../../shared/limits.ts';
import { findPersonalDetails } from '../../../../shared/personal-details.ts';
import { call } from '../../api.ts';
import { useApp } from '../../app/context.ts';
import { useContract } from '../../app/useContract.ts';
import { DateTimeInput } from '../../components/DateTimeInput.tsx';
import { FieldError, fieldId, LoadProblem } from '../../components/errors.tsx';
import { KindPicker } from '../../components/KindPicker.tsx';
import { NotesConfirm } from '../../components/NotesConfirm.tsx';
import { PersonalDetailsWarning } from '../../components/PersonalDetailsWarning.tsx';
import { SitePicker } from '../../components/SitePicker.tsx';
import { draftFrom, fieldsFrom } from './event-draft.ts';
import { EventVolunteers } from './EventVolunteers.tsx';
import type { EventMessages } from './useEventMessages.ts';

export function EventForm({
  eventId,
  detail,
  hidden,
  messages,
  onCreated,
  onChanged,
  onHistory,
}: {
  /** null until a past event entered here is first saved. */
  eventId: number | null;
  detail: EventDetail | undefined;
  /** A conversation form takes the form's place; it stays mounted so unsaved details survive Cancel. */
  hidden: boolean;
  messages: EventMessages;
  onCreated(id: number): void;
  /** After a change: say what happened and reload the event. */
  onChanged(message: string): void;
  onHistory(): void;
}) {
  const { t } = useTranslation();
  const { profile } = useApp();
  const sites = useContract('sites.list', { includeRetired: true });
  const volunteers = useContract('volunteers.list', {});
  const [draft, setDraft] = useState(() => draftFrom(detail, profile));
  /** Notes that look personal wait for the coordinator's second, deliberate step. */
  const [confirmingNotes, setConfirmingNotes] = useState(false);
  /** A second click on Save while the first is on its way would add the event twice. */
  const [saving, setSaving] = useState(false);
  const notesDetails = useMemo(() => findPersonalDetails(draft.notes), [draft.notes]);

  // Each reload of the event (after any change on this screen) starts the form again from what was saved.
  const [draftOf, setDraftOf] = useState(detail);
  if (detail !== draftOf) {
    setDraftOf(detail);
    setDraft(draftFrom(detail, profile));
  }

  const save = (submit?: FormEvent, confirmed = false) => {
    submit?.preventDefault();
    if (saving) return;
    const notesChanged = draft.notes !== (detail?.event.notes ?? '');
    if (notesChanged && notesDetails.length > 0 && !confirmed) {
      setConfirmingNotes(true);
      return;
    }
    setConfirmingNotes(false);
    const checked = fieldsFrom(draft);
    if ('dateProblems' in checked) {
      const legends = { startsAt: t('eventDetail.start'), endsAt: t('eventDetail.end') };
      const fields = Object.fromEntries(
        Object.entries(checked.dateProblems).map(([field, problem]) => [field, t(`dateInput.problems.${problem}`, { field: legends[field as keyof typeof legends] })]),
      );
      messages.refuse({ summary: t('errors.invalidInput'), fields });
      return;
    }
    const fields = { ...checked.fields, ...(confirmed && { personalDetailsConfirmed: true }) };
    setSaving(true);
    void messages
      .guard(async () => {
        if (eventId === null) {
          const created = await call('events.create', fields);
          onCreated(created.id);
          messages.say(t('eventDetail.created'));
        } else {
          await call('events.update', { id: eventId, fields });
          onChanged(t('eventDetail.saved'));
        }
      })
      .finally(() => setSaving(false));
  };

  const setEventDeleted = (deleted: boolean) =>
    messages.guard(async () => {
      await call('events.setDeleted', { id: eventId!, deleted });
      onChanged(deleted ? t('eventDetail.deleted') : t('eventDetail.restored'));
    });

  if (hidden) return null;
  const event = detail?.event;
  const { error } = messages;
  return (
    <form className="event-form" onSubmit={save} noValidate aria-labelledby="event-form-heading">
      <h2 id="event-form-heading">{t('eventDetail.editHeading')}</h2>
      <div className="filters__grid">
        <div className={error('siteId') ? 'field field--error' : 'field'}>
          <label htmlFor={fieldId('event', 'siteId')}>{t('eventDetail.site')}</label>
          <FieldError id="event-siteId" message={error('siteId')} />
          <LoadProblem error={sites.error} />
          <SitePicker
            id={fieldId('event', 'siteId')}
            value={draft.siteId}
            onChange={(siteId) => setDraft({ ...draft, siteId })}
            empty={t('eventDetail.chooseSite')}
            sites={sites.value ?? []}
          />
        </div>
        <div className="field">
          <label htmlFor={fieldId('event', 'kind')}>{t('eventDetail.kind')}</label>
          <KindPicker id={fieldId('event', 'kind')} value={draft.kind} onChange={(kind) => setDraft({ ...draft, kind })} />
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
      <EventVolunteers
        present={draft.volunteers}
        volunteers={volunteers.value ?? []}
        loadError={volunteers.error}
        detail={detail}
        error={error}
        onChange={(present) => setDraft({ ...draft, volunteers: present })}
      />
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
          busy={saving}
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
          <button type="button" className="button button--secondary" onClick={onHistory}>
            {t('eventDetail.history')}
          </button>
        )}
      </div>
    </form>
  );
}
