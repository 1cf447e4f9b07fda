// The organisation's name as the summaries print it, for coordinators and leads to set.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api.ts';
import { useContract } from '../../app/useContract.ts';
import { ErrorSummary, LoadProblem, problemsFrom, type FormProblems } from '../../components/errors.tsx';

export function OrganisationForm({ ready, onSaved }: { ready: boolean; onSaved(name: string): void }) {
  const { t } = useTranslation();
  // Asked for once the summary has been, so it never queues ahead of the figures.
  const saved = useContract('reports.organisation', ready ? {} : null, { deferred: true });
  const [name, setName] = useState('');
  const [problems, setProblems] = useState<FormProblems | null>(null);
  useEffect(() => {
    if (saved.value) setName(saved.value.organisationName);
  }, [saved.value]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const result = await call('reports.setOrganisation', { organisationName: name });
      setName(result.organisationName);
      setProblems(null);
      onSaved(result.organisationName);
    } catch (error) {
      setProblems(problemsFrom(error, t));
    }
  };

  return (
    <form className="report-filters" onSubmit={save} noValidate aria-labelledby="organisation-heading">
      <h2 id="organisation-heading">{t('report.organisationHeading')}</h2>
      <ErrorSummary problems={problems} form="organisation" />
      <LoadProblem error={saved.error} />
      <div className={problems ? 'field field--error' : 'field'}>
        <label htmlFor="organisation-name">{t('report.organisationName')}</label>
        <p className="hint" id="organisation-name-hint">
          {t('report.organisationHint')}
        </p>
        <input id="organisation-name" aria-describedby="organisation-name-hint" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <button type="submit" className="button button--secondary">
        {t('report.saveOrganisation')}
      </button>
    </form>
  );
}
