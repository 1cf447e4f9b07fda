// On a laptop from before PINs, the first coordinator action asks for one to be set first.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessStatus } from '../../../main/api/contract.ts';
import { ProtectForm } from './ProtectForm.tsx';

export function ProtectDialog({ access, onDone }: { access: AccessStatus; onDone(protectedNow: boolean): void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const candidates = access.people.filter((p) => p.role !== 'volunteer' && !p.hasPin);
  return (
    <dialog ref={ref} className="access-dialog" aria-labelledby="protect-title" onCancel={() => onDone(false)}>
      <h2 id="protect-title">{t('protect.title')}</h2>
      <p>{t('protect.intro')}</p>
      <ProtectForm form="protect" candidates={candidates} submitLabel={t('protect.submit')} onDone={() => onDone(true)} />
      <div className="form-actions">
        <button type="button" className="button button--secondary" onClick={() => onDone(false)}>
          {t('access.cancel')}
        </button>
      </div>
    </dialog>
  );
}
