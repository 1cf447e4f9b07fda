// A record's buttons in the event's tables: change it, delete or restore it (a warning button),
// read its history. Each says which row it acts on ("Delete conversation at 10:42"); the visible
// word starts the name, so speech users can still say what they see (WCAG 2.5.3).
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../format.ts';

type RowKind = 'conversation' | 'visit';

function RowName({ kind, at }: { kind: RowKind; at: string }) {
  const { t, i18n } = useTranslation();
  return <span className="visually-hidden"> {t(`eventDetail.rowOf.${kind}`, { time: formatTime(at, i18n.language) })}</span>;
}

export function RowActions({
  kind,
  at,
  deleted,
  change,
  onSetDeleted,
  onHistory,
}: {
  kind: RowKind;
  /** When the record was made: what names the row. */
  at: string;
  deleted: boolean;
  /** The row's own way to change it (Edit, Correct the numbers); not offered once deleted. */
  change: { label: string; onClick(): void };
  onSetDeleted(deleted: boolean): void;
  onHistory(): void;
}) {
  const { t } = useTranslation();
  return (
    <td className="table__actions">
      {!deleted && (
        <button type="button" className="button button--secondary button--small" onClick={change.onClick}>
          {change.label}
          <RowName kind={kind} at={at} />
        </button>
      )}
      <button type="button" className="button button--danger button--small" onClick={() => onSetDeleted(!deleted)}>
        {deleted ? t('eventDetail.restore_record') : t('eventDetail.delete_record')}
        <RowName kind={kind} at={at} />
      </button>
      <button type="button" className="button button--secondary button--small" onClick={onHistory}>
        {t('eventDetail.history')}
        <RowName kind={kind} at={at} />
      </button>
    </td>
  );
}
