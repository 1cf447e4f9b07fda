// A record's buttons in the event's tables: change it, delete or restore it (a warning button),
// read its history. Each shows its short word and is named by a whole sentence that says which
// row ("Delete conversation at 10:42"), translated as one so each language can inflect it.
import { useTranslation } from 'react-i18next';
import { eventRowActions, type EventRowKind, type NamedAction } from '../../components/action-names.ts';
import { formatTime } from '../../format.ts';

export function RowActions({
  kind,
  at,
  deleted,
  onChange,
  onSetDeleted,
  onHistory,
}: {
  kind: EventRowKind;
  /** When the record was made: what names the row. */
  at: string;
  deleted: boolean;
  /** The row's own way to change it (Edit, Correct the numbers); not offered once deleted. */
  onChange(): void;
  onSetDeleted(deleted: boolean): void;
  onHistory(): void;
}) {
  const { t, i18n } = useTranslation();
  const actions = eventRowActions[kind];
  const time = formatTime(at, i18n.language);
  const button = (action: NamedAction, variant: 'secondary' | 'danger', onClick: () => void) => (
    <button type="button" className={`button button--${variant} button--small`} aria-label={t(action.name, { time })} onClick={onClick}>
      {t(action.label)}
    </button>
  );
  return (
    <td className="table__actions">
      {!deleted && button(actions.change, 'secondary', onChange)}
      {button(deleted ? actions.restore : actions.delete, 'danger', () => onSetDeleted(!deleted))}
      {button(actions.history, 'secondary', onHistory)}
    </td>
  );
}
