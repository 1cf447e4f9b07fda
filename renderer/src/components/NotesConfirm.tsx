// The deliberate second step before saving notes that look like personal details: editing the
// notes is the default (focused, and what Enter or Esc does); saving needs the other button.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export function NotesConfirm({ id, busy, onEdit, onConfirm }: { id: string; busy: boolean; onEdit(): void; onConfirm(): void }) {
  const { t } = useTranslation();
  const edit = useRef<HTMLButtonElement>(null);
  useEffect(() => edit.current?.focus(), []);
  return (
    <div className="notes-confirm" role="alert" aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`}>
        <strong>{t('conversation.notesConfirm.title')}</strong> {t('conversation.notesConfirm.body')}
      </p>
      <div className="save-bar__buttons">
        <button type="button" className="button" ref={edit} onClick={onEdit}>
          {t('conversation.notesConfirm.edit')}
        </button>
        <button type="button" className="button button--secondary" disabled={busy} onClick={onConfirm}>
          {t('conversation.notesConfirm.confirm')}
        </button>
      </div>
    </div>
  );
}
