// A team of laptops, without a network (docs/handover-format.md): this laptop's team, "Hand my
// records to the coordinator" (a file to save), and on the coordinator's laptop "Add a team
// member's records": check the file, see what it holds, then merge it.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { teamLimits } from '../../../main/api/contract.ts';
import type { MergeOutcome, MergePreview } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { useApp } from '../app/context.ts';
import { useContract } from '../app/useContract.ts';
import { ErrorSummary, FieldError, fieldId, LoadProblem, problemsFrom, type FormProblems } from '../components/errors.tsx';
import { fileAsBase64, offerDownload } from '../components/reports/files.ts';
import { laptopLabel } from '../components/LaptopPicker.tsx';
import { formatDateTime } from '../format.ts';

function PassphraseField({ form, value, onChange, problem, hint }: { form: string; value: string; onChange(v: string): void; problem?: string | undefined; hint?: string }) {
  const { t } = useTranslation();
  const id = fieldId(form, 'passphrase');
  const describedBy = [hint ? `${id}-hint` : '', problem ? `${form}-passphrase-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={problem ? 'field field--error' : 'field'}>
      <label htmlFor={id}>{t('team.passphrase')}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <FieldError id={`${form}-passphrase`} message={problem} />
      <input
        id={id}
        type="password"
        autoComplete="off"
        value={value}
        aria-describedby={describedBy || undefined}
        aria-invalid={problem ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

export function Team() {
  const { t, i18n } = useTranslation();
  const { profile } = useApp();
  const coordinator = profile.role !== 'volunteer';
  const team = useContract('team.status', {});
  const status = team.value;
  const [message, setMessage] = useState('');
  const dateTime = (iso: string) => formatDateTime(iso, i18n.language);

  // --- joining or starting a team
  const [teamId, setTeamId] = useState('');
  const [joinPassphrase, setJoinPassphrase] = useState('');
  const [joinProblems, setJoinProblems] = useState<FormProblems | null>(null);
  const join = async (create: boolean) => {
    try {
      await (create ? call('team.create', { passphrase: joinPassphrase }) : call('team.join', { teamId, passphrase: joinPassphrase }));
      team.reload();
      setJoinProblems(null);
      setJoinPassphrase('');
      setMessage(t('team.join.done'));
    } catch (error) {
      setJoinProblems(problemsFrom(error, t));
    }
  };
  const [laptopName, setLaptopName] = useState('');
  const [nameProblems, setNameProblems] = useState<FormProblems | null>(null);
  const saveName = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await call('team.nameLaptop', { name: laptopName });
      team.reload();
      setNameProblems(null);
      setMessage(t('team.laptop.saved'));
    } catch (error) {
      setNameProblems(problemsFrom(error, t));
    }
  };

  // --- hand-over
  const [handPassphrase, setHandPassphrase] = useState('');
  const [handProblems, setHandProblems] = useState<FormProblems | null>(null);
  const [handing, setHanding] = useState(false);
  const handOver = async (event: FormEvent) => {
    event.preventDefault();
    setHanding(true);
    try {
      const { fileName, base64, summary } = await call('team.handOver', { passphrase: handPassphrase });
      offerDownload({ fileName, base64, mimeType: 'application/octet-stream' });
      setHandProblems(null);
      setHandPassphrase('');
      setMessage(t('team.handover.done', { fileName, conversations: summary.conversations, events: summary.events, visits: summary.visits }));
    } catch (error) {
      setHandProblems(problemsFrom(error, t));
    } finally {
      setHanding(false);
    }
  };

  // --- merge
  const formRef = useRef<HTMLFormElement>(null);
  const previewRef = useRef<HTMLDivElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [mergePassphrase, setMergePassphrase] = useState('');
  const [mergeProblems, setMergeProblems] = useState<FormProblems | null>(null);
  const [preview, setPreview] = useState<{ preview: MergePreview; base64: string } | null>(null);
  const [merged, setMerged] = useState<MergeOutcome | null>(null);
  const [working, setWorking] = useState(false);
  useEffect(() => {
    if (preview) previewRef.current?.focus();
  }, [preview]);
  const check = async (event: FormEvent) => {
    event.preventDefault();
    setMerged(null);
    if (!file) {
      setMergeProblems({ summary: t('errors.invalidInput'), fields: { file: t('team.merge.chooseFile') } });
      return;
    }
    if (file.size > teamLimits.fileBytes) {
      setMergeProblems({ summary: t('team.errors.fileTooLarge'), fields: { file: t('team.errors.fileTooLarge') } });
      return;
    }
    setWorking(true);
    try {
      const base64 = await fileAsBase64(file);
      setPreview({ preview: await call('team.preview', { base64, passphrase: mergePassphrase }), base64 });
      setMergeProblems(null);
    } catch (error) {
      const found = problemsFrom(error, t);
      setMergeProblems({ summary: found.summary, fields: { ...found.fields, file: found.fields.base64 ?? (found.fields.passphrase ? '' : found.summary) } });
    } finally {
      setWorking(false);
    }
  };
  const merge = async () => {
    if (!preview) return;
    setWorking(true);
    try {
      const outcome = await call('team.merge', { base64: preview.base64, passphrase: mergePassphrase });
      setMerged(outcome);
      setPreview(null);
      setFile(null);
      setMergePassphrase('');
      formRef.current?.reset();
      setMessage(outcome.merged ? t('team.merge.done', { laptop: outcome.laptopName }) : t('team.merge.alreadyMerged'));
      team.reload();
    } catch (error) {
      setMergeProblems(problemsFrom(error, t));
    } finally {
      setWorking(false);
    }
  };

  const shown = preview?.preview;
  return (
    <div className="team">
      <h1>{t('team.title')}</h1>
      <p>{t('team.intro')}</p>
      <p role="status" className="status-message">
        {message}
      </p>

      <section aria-labelledby="team-settings">
        <h2 id="team-settings">{t('team.join.heading')}</h2>
        <LoadProblem error={team.error} />
        {status && (
          <p>{status.teamId ? t('team.join.inTeam', { teamId: status.teamId, laptop: status.laptop.name }) : t('team.join.noTeam', { laptop: status.laptop.name })}</p>
        )}
        {coordinator ? (
          <>
            <ErrorSummary problems={joinProblems} form="join" />
            <div className="field">
              <label htmlFor={fieldId('join', 'teamId')}>{t('team.join.teamId')}</label>
              <p className="hint" id="join-teamId-hint">
                {t('team.join.teamIdHint')}
              </p>
              <FieldError id="join-teamId" message={joinProblems?.fields.teamId} />
              <input
                id={fieldId('join', 'teamId')}
                value={teamId}
                autoComplete="off"
                aria-describedby={`join-teamId-hint${joinProblems?.fields.teamId ? ' join-teamId-error' : ''}`}
                aria-invalid={joinProblems?.fields.teamId ? true : undefined}
                onChange={(e) => setTeamId(e.target.value)}
              />
            </div>
            <PassphraseField form="join" value={joinPassphrase} onChange={setJoinPassphrase} problem={joinProblems?.fields.passphrase} hint={t('team.join.passphraseHint')} />
            <div className="form-actions">
              <button type="button" className="button" onClick={() => void join(false)}>
                {t('team.join.join')}
              </button>
              <button type="button" className="button button--secondary" onClick={() => void join(true)}>
                {t('team.join.create')}
              </button>
            </div>
            <form onSubmit={(e) => void saveName(e)} noValidate>
              <ErrorSummary problems={nameProblems} form="laptop" />
              <div className="field">
                <label htmlFor={fieldId('laptop', 'name')}>{t('team.laptop.name')}</label>
                <FieldError id="laptop-name" message={nameProblems?.fields.name} />
                <input id={fieldId('laptop', 'name')} value={laptopName} placeholder={status?.laptop.name} onChange={(e) => setLaptopName(e.target.value)} />
              </div>
              <button type="submit" className="button button--secondary">
                {t('team.laptop.save')}
              </button>
            </form>
          </>
        ) : (
          <p className="hint">{t('team.join.askCoordinator')}</p>
        )}
      </section>

      <section aria-labelledby="team-handover">
        <h2 id="team-handover">{t('team.handover.heading')}</h2>
        <p>{t('team.handover.explain')}</p>
        <ErrorSummary problems={handProblems} form="handover" />
        <form onSubmit={(e) => void handOver(e)} noValidate>
          <PassphraseField form="handover" value={handPassphrase} onChange={setHandPassphrase} problem={handProblems?.fields.passphrase} />
          <button type="submit" className="button" disabled={handing || !status?.teamId}>
            {t('team.handover.button')}
          </button>
        </form>
      </section>

      {coordinator && (
        <section aria-labelledby="team-merge">
          <h2 id="team-merge">{t('team.merge.heading')}</h2>
          <p>{t('team.merge.explain')}</p>
          <ErrorSummary problems={mergeProblems} form="merge" />
          <form ref={formRef} onSubmit={(e) => void check(e)} noValidate>
            <div className={mergeProblems?.fields.file ? 'field field--error' : 'field'}>
              <label htmlFor={fieldId('merge', 'file')}>{t('team.merge.file')}</label>
              <FieldError id="merge-file" message={mergeProblems?.fields.file || undefined} />
              <input
                id={fieldId('merge', 'file')}
                type="file"
                aria-describedby={mergeProblems?.fields.file ? 'merge-file-error' : undefined}
                aria-invalid={mergeProblems?.fields.file ? true : undefined}
                onChange={(e) => {
                  setFile(e.target.files?.[0] ?? null);
                  setPreview(null);
                }}
              />
            </div>
            <PassphraseField form="merge" value={mergePassphrase} onChange={setMergePassphrase} problem={mergeProblems?.fields.passphrase} />
            <button type="submit" className="button button--secondary" disabled={working || !status?.teamId}>
              {t('team.merge.check')}
            </button>
          </form>
          {shown && (
            <div className="warning-callout" role="region" aria-labelledby="merge-preview-title" tabIndex={-1} ref={previewRef}>
              <h3 id="merge-preview-title">{t('team.merge.previewTitle', { laptop: shown.laptopName })}</h3>
              <p>{t('team.merge.writtenAt', { when: dateTime(shown.writtenAt) })}</p>
              {shown.firstDay && <p>{t('team.merge.range', { first: shown.firstDay, last: shown.lastDay })}</p>}
              {shown.alreadyMerged ? (
                <p>{t('team.merge.alreadyMerged')}</p>
              ) : (
                <>
                  <p>{t('team.merge.counts', { ...shown.total })}</p>
                  {shown.total.conflicts > 0 && <p>{t('team.merge.conflictRule')}</p>}
                </>
              )}
              <div className="form-actions">
                <button type="button" className="button" disabled={working || shown.alreadyMerged} onClick={() => void merge()}>
                  {t('team.merge.button')}
                </button>
                <button type="button" className="button button--secondary" disabled={working} onClick={() => setPreview(null)}>
                  {t('team.merge.cancel')}
                </button>
              </div>
            </div>
          )}
          {merged?.merged && <p className="status-message">{t('team.merge.counts', { ...merged.total })}</p>}
        </section>
      )}

      {status && status.laptops.length > 1 && (
        <section aria-labelledby="team-laptops">
          <h2 id="team-laptops">{t('team.laptops.heading')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('team.laptops.laptop')}</th>
                <th scope="col">{t('team.laptops.conversations')}</th>
                <th scope="col">{t('team.laptops.events')}</th>
                <th scope="col">{t('team.laptops.lastFile')}</th>
              </tr>
            </thead>
            <tbody>
              {status.laptops.map((laptop) => (
                <tr key={laptop.laptopId}>
                  <th scope="row">{laptopLabel(t, laptop)}</th>
                  <td>{laptop.conversations}</td>
                  <td>{laptop.events}</td>
                  <td>{laptop.lastHandoverWrittenAt ? dateTime(laptop.lastHandoverWrittenAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
