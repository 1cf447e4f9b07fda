// Volunteer profiles on this laptop: add, rename, change role, retire, and the lock's timings.
// A coordinator's screen: a coordinator or lead is added with a PIN, a volunteer needs none.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role, Volunteer } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { useApp } from '../app/context.ts';
import { useContract } from '../app/useContract.ts';
import { ErrorSummary, FieldError, fieldId, LoadProblem, problemsFrom, type FormProblems } from '../components/errors.tsx';
import { SecretField } from '../components/SecretField.tsx';
import { AccessLog } from './AccessLog.tsx';
import { LockSettings } from './LockSettings.tsx';

const roles: Role[] = ['volunteer', 'coordinator', 'lead'];

export function Volunteers() {
  const { t, i18n } = useTranslation();
  const { access, refreshAccess } = useApp();
  const [secret, setSecret] = useState('');
  const [showRetired, setShowRetired] = useState(false);
  const volunteers = useContract('volunteers.list', { includeRetired: showRetired });
  const list = volunteers.value ?? [];
  const [editing, setEditing] = useState<Volunteer | null>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('volunteer');
  const [retired, setRetired] = useState(false);
  const [problems, setProblems] = useState<FormProblems | null>(null);
  const [status, setStatus] = useState('');

  const reset = () => {
    setEditing(null);
    setName('');
    setRole('volunteer');
    setRetired(false);
    setSecret('');
  };
  const hasPin = (id: number) => access.people.some((p) => p.id === id && p.hasPin);
  const needsNewPin = role !== 'volunteer' && !(editing && editing.role !== 'volunteer' && hasPin(editing.id));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      if (editing) {
        const pin = role !== 'volunteer' && secret !== '' ? { secret } : {};
        await call('volunteers.update', { id: editing.id, fields: { name, role, retired, ...pin } });
        setStatus(t('volunteers.saved'));
      } else {
        const pin = role !== 'volunteer' ? { secret } : {};
        const created = await call('profiles.create', { name, role, language: i18n.language, ...pin });
        setStatus(t('volunteers.added', { name: created.name }));
      }
      setProblems(null);
      reset();
      volunteers.reload();
      await refreshAccess();
    } catch (error) {
      setProblems(problemsFrom(error, t));
    }
  };

  return (
    <div className="volunteers">
      <h1>{t('volunteers.title')}</h1>
      <p>{t('volunteers.intro')}</p>
      <p role="status" className="status-message">
        {status}
      </p>
      <label className="checkbox">
        <input type="checkbox" checked={showRetired} onChange={(e) => setShowRetired(e.target.checked)} />
        <span>{t('volunteers.showRetired')}</span>
      </label>
      <LoadProblem error={volunteers.error} />
      <table className="table">
        <caption>{t('volunteers.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('volunteers.columns.name')}</th>
            <th scope="col">{t('volunteers.columns.role')}</th>
            <th scope="col">{t('volunteers.columns.status')}</th>
            <th scope="col">{t('volunteers.columns.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((v) => (
            <tr key={v.id}>
              <th scope="row">{v.name}</th>
              <td>{t(`profile.roles.${v.role}`)}</td>
              <td>
                {v.retired ? t('volunteers.retired') : t('volunteers.active')}
                {v.role !== 'volunteer' && !v.retired && <> · {hasPin(v.id) ? t('volunteers.pinSet') : t('volunteers.noPin')}</>}
              </td>
              <td>
                <button
                  type="button"
                  className="button button--secondary button--small"
                  aria-label={`${t('volunteers.edit')}: ${v.name}`}
                  onClick={() => {
                    setEditing(v);
                    setName(v.name);
                    setRole(v.role);
                    setRetired(v.retired);
                    setSecret('');
                  }}
                >
                  {t('volunteers.edit')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <form onSubmit={submit} noValidate className="site-form" aria-labelledby="volunteer-form-heading">
        <h2 id="volunteer-form-heading">{editing ? t('volunteers.editHeading', { name: editing.name }) : t('volunteers.addHeading')}</h2>
        <ErrorSummary problems={problems} form="volunteer" />
        <div className={problems?.fields.name ? 'field field--error' : 'field'}>
          <label htmlFor={fieldId('volunteer', 'name')}>{t('volunteers.name')}</label>
          <FieldError id="volunteer-name" message={problems?.fields.name} />
          <input id={fieldId('volunteer', 'name')} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <fieldset className="field">
          <legend>{t('volunteers.role')}</legend>
          <div className="radios radios--inline">
            {roles.map((r) => (
              <label key={r} className="radio">
                <input type="radio" name="volunteer-role" checked={role === r} onChange={() => setRole(r)} />
                <span>{t(`profile.roles.${r}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        {role !== 'volunteer' && (
          <SecretField
            id={fieldId('volunteer', 'secret')}
            label={needsNewPin ? t('access.pinLabel') : t('access.newPinLabel')}
            hint={needsNewPin ? t('access.pinHint') : t('access.newPinHint')}
            error={problems?.fields.secret ?? problems?.fields['fields.secret']}
            value={secret}
            onChange={setSecret}
            purpose="new"
          />
        )}
        {editing && (
          <label className="checkbox">
            <input type="checkbox" checked={retired} onChange={(e) => setRetired(e.target.checked)} />
            <span>{t('volunteers.retire')}</span>
          </label>
        )}
        <div className="form-actions">
          <button type="submit" className="button">
            {editing ? t('volunteers.save') : t('volunteers.add')}
          </button>
          {editing && (
            <button type="button" className="button button--secondary" onClick={reset}>
              {t('volunteers.cancel')}
            </button>
          )}
        </div>
      </form>
      <LockSettings />
      <AccessLog />
    </div>
  );
}
