// NHS-style error summary: a titled box at the top of the form that takes focus and links to
// each field with a problem. Messages come from message keys, so they are translated.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiFailure } from '../api.ts';

export interface FormProblems {
  summary: string;
  fields: Record<string, string>;
}

export function problemsFrom(error: unknown, t: TFunction): FormProblems {
  if (error instanceof ApiFailure) {
    const fields: Record<string, string> = {};
    for (const problem of error.payload.fields) {
      fields[problem.field] ??= t(problem.messageKey, problem.values ?? {});
    }
    return { summary: t(error.payload.messageKey, error.payload.values), fields };
  }
  return { summary: t('errors.internal'), fields: {} };
}

/** Maps a field path from the service to the id of the input that shows it. */
export function fieldId(form: string, field: string): string {
  return `${form}-${field.split('.')[0]}`;
}

export function ErrorSummary({ problems, form }: { problems: FormProblems | null; form: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problems) ref.current?.focus();
  }, [problems]);
  if (!problems) return null;
  const entries = Object.entries(problems.fields);
  return (
    <div className="error-summary" role="alert" aria-labelledby={`${form}-error-title`} tabIndex={-1} ref={ref}>
      <h2 id={`${form}-error-title`} className="error-summary__title">
        {t('errors.summaryTitle')}
      </h2>
      <p>{problems.summary}</p>
      {entries.length > 0 && (
        <ul className="error-summary__list">
          {entries.map(([field, message]) => (
            <li key={field}>
              <a href={`#${fieldId(form, field)}`}>{message}</a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  const { t } = useTranslation();
  if (!message) return null;
  return (
    <p className="field-error" id={`${id}-error`}>
      <span className="visually-hidden">{t('errors.summaryTitle')}: </span>
      {message}
    </p>
  );
}

/** What went wrong reading something a screen shows (from useContract), in the volunteer's language. */
export function LoadProblem({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p className="field-error" role="alert">
      {problemsFrom(error, t).summary}
    </p>
  );
}
