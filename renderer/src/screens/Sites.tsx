// Sites: add, edit and retire the places where sessions happen. Retired sites keep their
// records and can be reinstated; they are hidden from the session picker. A volunteer may add a
// site at a stall; editing and retiring are for coordinators and leads.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Site, SiteFields } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { useApp } from '../app/context.ts';
import { useContract } from '../app/useContract.ts';
import { siteRowActions } from '../components/action-names.ts';
import { BoroughPicker } from '../components/BoroughPicker.tsx';
import { ErrorSummary, FieldError, fieldId, LoadProblem, problemsFrom, type FormProblems } from '../components/errors.tsx';

const empty: SiteFields = { name: '', authorityCode: '', settingType: '' };

export function Sites() {
  const { t } = useTranslation();
  const { reference, profile } = useApp();
  const manages = profile.role !== 'volunteer';
  const [showRetired, setShowRetired] = useState(false);
  const list = useContract('sites.list', { includeRetired: showRetired });
  const sites = list.value ?? [];
  const [editing, setEditing] = useState<Site | null>(null);
  const [fields, setFields] = useState<SiteFields>(empty);
  const [problems, setProblems] = useState<FormProblems | null>(null);
  const [status, setStatus] = useState('');

  const authorityName = (code: string) => reference.authorities.find((a) => a.code === code)?.name ?? code;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      if (editing) {
        await call('sites.update', { id: editing.id, fields });
        setStatus(t('sites.saved'));
      } else {
        const site = await call('sites.create', fields);
        setStatus(t('sites.added', { name: site.name }));
      }
      setProblems(null);
      setEditing(null);
      setFields(empty);
      list.reload();
    } catch (error) {
      setProblems(problemsFrom(error, t));
    }
  };

  const setRetired = async (site: Site, retired: boolean) => {
    try {
      await call('sites.setRetired', { id: site.id, retired });
      list.reload();
    } catch (error) {
      // A cancelled PIN, say: the form's error summary says what happened.
      setProblems(problemsFrom(error, t));
    }
  };

  const error = (field: keyof SiteFields) => problems?.fields[field];
  const fieldClass = (field: keyof SiteFields) => (error(field) ? 'field field--error' : 'field');
  return (
    <div className="sites">
      <h1>{t('sites.title')}</h1>
      <p>{t('sites.intro')}</p>
      <p role="status" className="status-message">
        {status}
      </p>
      <label className="checkbox">
        <input type="checkbox" checked={showRetired} onChange={(e) => setShowRetired(e.target.checked)} />
        <span>{t('sites.showRetired')}</span>
      </label>
      <LoadProblem error={list.error} />
      {list.value === undefined ? null : sites.length === 0 ? (
        <p>{t('sites.none')}</p>
      ) : (
        <table className="table">
          <caption>{t('sites.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sites.columns.name')}</th>
              <th scope="col">{t('sites.columns.borough')}</th>
              <th scope="col">{t('sites.columns.settingType')}</th>
              <th scope="col">{t('sites.columns.status')}</th>
              {manages && <th scope="col">{t('sites.columns.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {sites.map((site) => (
              <tr key={site.id}>
                <th scope="row">{site.name}</th>
                <td>{authorityName(site.authorityCode)}</td>
                <td>{t(`reference.settingType.${site.settingType}`)}</td>
                <td>{site.retired ? t('sites.retired') : t('sites.active')}</td>
                {manages && (
                  <td className="table__actions">
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      aria-label={t(siteRowActions.edit.name, { name: site.name })}
                      onClick={() => {
                        setEditing(site);
                        setFields({ name: site.name, authorityCode: site.authorityCode, settingType: site.settingType });
                      }}
                    >
                      {t(siteRowActions.edit.label)}
                    </button>
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      aria-label={t((site.retired ? siteRowActions.reinstate : siteRowActions.retire).name, { name: site.name })}
                      onClick={() => void setRetired(site, !site.retired)}
                    >
                      {t((site.retired ? siteRowActions.reinstate : siteRowActions.retire).label)}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <form onSubmit={submit} noValidate className="site-form" aria-labelledby="site-form-heading">
        <h2 id="site-form-heading">{editing ? t('sites.editHeading') : t('sites.addHeading')}</h2>
        <ErrorSummary problems={problems} form="site" />
        <div className={fieldClass('name')}>
          <label htmlFor={fieldId('site', 'name')}>{t('sites.name')}</label>
          <p className="hint" id="site-name-hint">
            {t('sites.nameHint')}
          </p>
          <FieldError id="site-name" message={error('name')} />
          <input
            id={fieldId('site', 'name')}
            value={fields.name}
            aria-describedby="site-name-hint"
            aria-invalid={error('name') ? true : undefined}
            onChange={(e) => setFields({ ...fields, name: e.target.value })}
          />
        </div>
        <div className={fieldClass('authorityCode')}>
          <label htmlFor={fieldId('site', 'authorityCode')}>{t('sites.borough')}</label>
          <FieldError id="site-authorityCode" message={error('authorityCode')} />
          <BoroughPicker
            id={fieldId('site', 'authorityCode')}
            value={fields.authorityCode}
            aria-invalid={error('authorityCode') ? true : undefined}
            onChange={(value) => setFields({ ...fields, authorityCode: value })}
            empty={t('sites.boroughPlaceholder')}
          />
        </div>
        <div className={fieldClass('settingType')}>
          <label htmlFor={fieldId('site', 'settingType')}>{t('sites.settingType')}</label>
          <FieldError id="site-settingType" message={error('settingType')} />
          <select
            id={fieldId('site', 'settingType')}
            value={fields.settingType}
            aria-invalid={error('settingType') ? true : undefined}
            onChange={(e) => setFields({ ...fields, settingType: e.target.value })}
          >
            <option value="">{t('sites.settingTypePlaceholder')}</option>
            {reference.lists.setting_type.map((item) => (
              <option key={item.code} value={item.code}>
                {t(item.labelKey)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {editing ? t('sites.save') : t('sites.add')}
        </button>
      </form>
    </div>
  );
}
