// What was said at an event: each conversation's topics and outcomes, with edit, delete or
// restore, and history. The event screen opens the form; this part only lists and asks.
import { useTranslation } from 'react-i18next';
import type { Conversation, EventDetail } from '../../../../main/api/contract.ts';
import { call } from '../../api.ts';
import { formatTime } from '../../format.ts';
import { RowActions } from './RowActions.tsx';

export function EventConversations({
  detail,
  formOpen,
  guard,
  onChanged,
  onAdd,
  onEdit,
  onHistory,
}: {
  detail: EventDetail;
  /** A conversation form is open, so no second one is offered. */
  formOpen: boolean;
  /** Runs an action, showing its failure in the event screen's error summary. */
  guard(action: () => Promise<void>): Promise<void>;
  /** After a change: reload the event. */
  onChanged(): void;
  onAdd(): void;
  onEdit(conversation: Conversation): void;
  onHistory(id: number): void;
}) {
  const { t, i18n } = useTranslation();
  const label = (list: 'topic' | 'outcome', code: string) => t(`reference.${list}.${code}`);
  const setDeleted = (id: number, deleted: boolean) =>
    void guard(async () => {
      await call('conversations.setDeleted', { id, deleted });
      onChanged();
    });
  return (
    <>
      <h2>{t('eventDetail.conversationsHeading')}</h2>
      {!detail.event.deleted && !formOpen && (
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
                <RowActions
                  kind="conversation"
                  at={c.recordedAt}
                  deleted={c.deleted}
                  onChange={() => onEdit(c)}
                  onSetDeleted={(deleted) => setDeleted(c.id, deleted)}
                  onHistory={() => onHistory(c.id)}
                />
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
