// The crisis and safeguarding contacts, one click from every screen. A native <dialog> gives
// focus trapping and Escape to close for free. Contacts are reference data, not constants.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { HelpContact } from '../../../main/api/contract.ts';

export function CrisisPanel({ open, contacts, onClose }: { open: boolean; contacts: HelpContact[]; onClose(): void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="crisis-panel" aria-labelledby="crisis-title" onClose={onClose}>
      <h2 id="crisis-title">{t('crisis.title')}</h2>
      <p>{t('crisis.intro')}</p>
      <ul className="crisis-panel__contacts">
        {contacts
          .filter((c) => c.kind === 'crisis')
          .map((contact) => (
            <li key={contact.id}>
              <strong>{contact.nameKey ? t(contact.nameKey) : contact.name}</strong>
              <span className="crisis-panel__phone" dir="ltr">
                {contact.phone}
              </span>
              <span>{contact.descriptionKey ? t(contact.descriptionKey) : contact.description}</span>
            </li>
          ))}
      </ul>
      <ul className="crisis-panel__steps">
        <li>{t('crisis.steps.danger')}</li>
        <li>{t('crisis.steps.listen')}</li>
        <li>{t('crisis.steps.record')}</li>
      </ul>
      <button type="button" className="button" onClick={onClose} autoFocus>
        {t('crisis.close')}
      </button>
    </dialog>
  );
}
