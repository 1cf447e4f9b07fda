// Who was at an event and for how long: hours per volunteer, removing one, adding another.
// A retired volunteer keeps their name here from the event itself.
import { useTranslation } from 'react-i18next';
import type { EventDetail, Volunteer } from '../../../../main/api/contract.ts';
import { limits } from '../../../../shared/limits.ts';
import { FieldError, fieldId, LoadProblem } from '../../components/errors.tsx';
import type { EventDraft } from './event-draft.ts';

type Present = EventDraft['volunteers'];

export function EventVolunteers({
  present,
  volunteers,
  loadError,
  detail,
  error,
  onChange,
}: {
  present: Present;
  /** Everyone who can be added (the form loads the list, so it survives the form being hidden). */
  volunteers: Volunteer[];
  loadError: unknown;
  detail: EventDetail | undefined;
  error(field: string): string | undefined;
  onChange(present: Present): void;
}) {
  const { t } = useTranslation();
  const nameOf = (id: number) => volunteers.find((v) => v.id === id)?.name ?? detail?.event.volunteers.find((v) => v.volunteerId === id)?.name ?? '';
  const addable = volunteers.filter((v) => !present.some((p) => p.volunteerId === v.id));
  const setHours = (index: number, hours: string) => onChange(present.map((p, i) => (i === index ? { ...p, hours } : p)));

  return (
    <fieldset className="field" id={fieldId('event', 'volunteers')}>
      <legend>{t('eventDetail.volunteersLegend')}</legend>
      <LoadProblem error={loadError} />
      {present.map((p, index) => {
        const hoursError = error(`volunteers.${index}.hours`);
        return (
          <div key={p.volunteerId} className={hoursError ? 'volunteer-hours field--error' : 'volunteer-hours'}>
            <label htmlFor={`event-hours-${p.volunteerId}`}>{t('eventDetail.hours', { name: nameOf(p.volunteerId) })}</label>
            <FieldError id={`event-hours-${p.volunteerId}`} message={hoursError} />
            <input
              id={`event-hours-${p.volunteerId}`}
              type="number"
              inputMode="decimal"
              min={0}
              max={limits.eventHours}
              step={0.25}
              value={p.hours}
              onChange={(e) => setHours(index, e.target.value)}
            />
            <button type="button" className="button button--secondary button--small" onClick={() => onChange(present.filter((_, i) => i !== index))}>
              {t('eventDetail.removeVolunteer', { name: nameOf(p.volunteerId) })}
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
            onChange={(e) => e.target.value && onChange([...present, { volunteerId: Number(e.target.value), hours: '' }])}
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
  );
}
