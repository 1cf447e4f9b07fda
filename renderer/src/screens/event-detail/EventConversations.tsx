// What was said at an event: each conversation's topics and outcomes, with edit, delete or
// restore, and history. The event screen opens the form; this part only lists and asks.
import { useTranslation } from 'react-i18next';
import type { Conversation, EventDetail } from '../../../../main/api/contract.ts';
import { formatTime } from '../../format.ts';
import { RowName } from './RowName.tsx';

export function EventConversations({
  detail,
  editing,
  onAdd,
  onEdit,
  onSetDeleted,
  onHistory,
}: {
  detail: EventDetail;
  /** A conversation form is open, so no second one is offered. */
  editing: boolean;
  onAdd(): void;
  onEdit(conversation: Conversation): void;
  onSetDeleted(id: number, deleted: boolean): void;
  onHistory(id: number): void;
}) {
  const { t, i18n } = useTranslation();
  const label = (list: 'topic' | 'outcome', code: string) => t(`reference.${list}.${code}`);
  return (
    <>
      <h2>{t('eventDetail.conversationsHeading')}</h2>
      {!detail.event.deleted && !editing && (
        <button type="button" className="button button--secondary" onClick={onAdd}>
          {t('eventDetail.addConversation')}
        </button>
      )}
      {detail.conversations.length === 0 ? (
        <p>{t('eventDetail.noConversations')}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t('eventDetail.conversationsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('eventDetail.conversationColumns.time')}</th>
              <th scope="col">{t('eventDetail.conversationColumns.topics')}</th>
              <th scope="col">{t('eventDetail.conversationColumns.outcomes')}</th>
              <th scope="col">{t('eventDetail.conversationColumns.by')}</th>
              <th scope="col">{t('eventDetail.conversationColumns.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {detail.conversations.map((c) => (
              <tr key={c.id} className={c.deleted ? 'row--deleted' : undefined}>
                <td>
                  {formatTime(c.recordedAt, i18n.language)}
                  {c.deleted && <span className="tag tag--grey">{t('eventDetail.deletedTag')}</span>}
                  {c.safeguarding && <span className="tag tag--warning">{t('eventDetail.safeguardingTag')}</span>}
                </td>
                <td>{c.topics.map((code) => label('topic', code)).join(', ')}</td>
                <td>{c.outcomes.length ? c.outcomes.map((code) => label('outcome', code)).join(', ') : <em>{t('eventDetail.noOutcome')}</em>}</td>
                <td>{c.recordedByName ?? '—'}</td>
                <td className="table__actions">
                  {!c.deleted && (
                    <button type="button" className="button button--secondary button--small" onClick={() => onEdit(c)}>
                      {t('eventDetail.edit')}
                      <RowName kind="conversation" at={c.recordedAt} />
                    </button>
                  )}
                  <button type="button" className="button button--danger button--small" onClick={() => onSetDeleted(c.id, !c.deleted)}>
                    {c.deleted ? t('eventDetail.restore_record') : t('eventDetail.delete_record')}
                    <RowName kind="conversation" at={c.recordedAt} />
                  </button>
                  <button type="button" className="button button--secondary button--small" onClick={() => onHistory(c.id)}>
                    {t('eventDetail.history')}
                    <RowName kind="conversation" at={c.recordedAt} />
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

    </>
  );
}
