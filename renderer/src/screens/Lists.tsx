// A coordinator tailors what the app offers (retire or reinstate topics, outcomes, kinds...)
// and keeps the crisis panel's help contacts up to date for their area.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HelpContact, ManagedItem } from '../../../main/api/contract.ts';
import { managedLists } from '../../../shared/vocabulary.ts';
import { call } from '../api.ts';
import { useContract } from '../app/useContract.ts';
import { ErrorSummary, FieldError, fieldId, LoadProblem, problemsFrom, type FormProblems } from '../components/errors.tsx';

type Contact = HelpContact & { retired: boolean };
const emptyContact = { name: '', phone: '', description: '', kind: 'local_service' as HelpContact['kind'], retired: false };

export function Lists() {
  const { t } = useTranslation();
  const itemsRead = useContract('lists.items', {});
  const contactsRead = useContract('lists.helpContacts', { includeRetired: true });
  const items = itemsRead.value ?? [];
  const contacts: Contact[] = contactsRead.value ?? [];
  /** Why offering or withdrawing an item failed (a cancelled PIN, say). */
  const [itemProblem, setItemProblem] = useState<unknown>(null);
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const [draft, setDraft] = useState(emptyContact);
  const [problems, setProblems] = useState<FormProblems | null>(null);
  const [status, setStatus] = useState('');

  const contactName = (c: Contact) => (c.nameKey ? t(c.nameKey) : c.name);
  const startEdit = (c: Contact | 'new') => {
    setEditing(c);
    setProblems(null);
    setDraft(
      c === 'new'
        ? emptyContact
        : { name: contactName(c), phone: c.phone, description: c.descriptionKey ? t(c.descriptionKey) : c.description, kind: c.kind, retired: c.retired },
    );
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const { retired, ...fields } = draft;
      await call('lists.saveHelpContact', { id: editing === 'new' || editing === null ? null : editing.id, retired, fields });
      setEditing(null);
      setStatus(t('lists.saved'));
      contactsRead.reload();
    } catch (error) {
      setProblems(problemsFrom(error, t));
    }
  };

  const toggle = async (item: ManagedItem) => {
    try {
      await call('lists.setItemRetired', { list: item.list as (typeof managedLists)[number], code: item.code, retired: !item.retired });
      setItemProblem(null);
      itemsRead.reload();
    } catch (error) {
      setItemProblem(error);
    }
  };

  const error = (field: string) => problems?.fields[field];
  return (
    <div className="lists">
      <h1>{t('lists.title')}</h1>
      <p>{t('lists.intro')}</p>
      <p role="status" className="status-message">
        {status}
      </p>

      <h2>{t('lists.helpHeading')}</h2>
      <LoadProblem error={contactsRead.error} />
      <table className="table">
        <caption className="visually-hidden">{t('lists.helpCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('lists.columns.name')}</th>
            <th scope="col">{t('lists.columns.phone')}</th>
            <th scope="col">{t('lists.columns.kind')}</th>
            <th scope="col">{t('lists.columns.status')}</th>
            <th scope="col">{t('lists.columns.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {contacts.map((c) => (
            <tr key={c.id}>
              <th scope="row">{contactName(c)}</th>
              <td dir="ltr">{c.phone}</td>
              <td>{t(`lists.kinds.${c.kind}`)}</td>
              <td>{c.retired ? t('lists.retired') : t('lists.active')}</td>
              <td>
                <button type="button" className="button button--secondary button--small" aria-label={`${t('lists.edit')}: ${contactName(c)}`} onClick={() => startEdit(c)}>
                  {t('lists.edit')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing === null ? (
        <button type="button" className="button button--secondary" onClick={() => startEdit('new')}>
          {t('lists.addContact')}
        </button>
      ) : (
        <form className="site-form" onSubmit={save} noValidate aria-labelledby="contact-heading">
          <h3 id="contact-heading">{editing === 'new' ? t('lists.addContact') : t('lists.editContact', { name: contactName(editing) })}</h3>
          <ErrorSummary problems={problems} form="contact" />
          {(['name', 'phone', 'description'] as const).map((field) => (
            <div key={field} className={error(`fields.${field}`) ? 'field field--error' : 'field'}>
              <label htmlFor={fieldId('contact', field)}>{t(`lists.contact${field[0]!.toUpperCase()}${field.slice(1)}`)}</label>
              <FieldError id={`contact-${field}`} message={error(`fields.${field}`)} />
              <input id={fieldId('contact', field)} value={draft[field]} onChange={(e) => setDraft({ ...draft, [field]: e.target.value })} />
            </div>
          ))}
          <div className="field">
            <label htmlFor="contact-kind">{t('lists.contactKind')}</label>
            <select id="contact-kind" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as HelpContact['kind'] })}>
              <option value="crisis">{t('lists.kinds.crisis')}</option>
              <option value="local_service">{t('lists.kinds.local_service')}</option>
            </select>
          </div>
          <label className="checkbox">
            <input type="checkbox" checked={draft.retired} onChange={(e) => setDraft({ ...draft, retired: e.target.checked })} />
            <span>{t('lists.contactRetired')}</span>
          </label>
          <div className="form-actions">
            <button type="submit" className="button">
              {t('lists.saveContact')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setEditing(null)}>
              {t('lists.cancel')}
            </button>
          </div>
        </form>
      )}

      <h2>{t('lists.itemsHeading')}</h2>
      <LoadProblem error={itemsRead.error ?? itemProblem} />
      {managedLists.map((list) => (
        <details key={list} className="list-group">
          <summary>{t(`lists.listNames.${list}`)}</summary>
          <ul className="list-items">
            {items
              .filter((item) => item.list === list)
              .map((item) => (
                <li key={item.code}>
                  <span>
                    {t(item.labelKey)} — <strong>{item.retired ? t('lists.notOffered') : t('lists.offered')}</strong>
                  </span>
                  <button type="button" className="button button--secondary button--small" onClick={() => void toggle(item)}>
                    {item.retired ? t('lists.offer', { label: t(item.labelKey) }) : t('lists.stopOffering', { label: t(item.labelKey) })}
                  </button>
                </li>
              ))}
          </ul>
        </details>
      ))}
    </div>
  );
}
