// One event for a coordinator: correct its details and volunteers' hours, review, correct,
// delete or restore what was recorded at it, and read each record's history. The parts live in
// event-detail/; this view loads the event and ties them together.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditedEntity, Conversation } from '../../../main/api/contract.ts';
import { useContract } from '../app/useContract.ts';
import { ErrorSummary, LoadProblem } from '../components/errors.tsx';
import { History } from '../components/History.tsx';
import { ConversationForm } from './ConversationForm.tsx';
import { EventConversations } from './event-detail/EventConversations.tsx';
import { EventForm } from './event-detail/EventForm.tsx';
import { EventVisits } from './event-detail/EventVisits.tsx';
import { useEventMessages } from './event-detail/useEventMessages.ts';

export function EventDetailView({ eventId, onBack, onCreated }: { eventId: number | null; onBack(): void; onCreated(id: number): void }) {
  const { t } = useTranslation();
  const { value: detail, error: loadError, reload } = useContract('events.detail', eventId === null ? null : { id: eventId });
  const messages = useEventMessages();
  /** The conversation open in the form instead of the event's details ('new' for one being added). */
  const [conversationInForm, setConversationInForm] = useState<Conversation | 'new' | null>(null);
  const [history, setHistory] = useState<{ entity: AuditedEntity; id: number } | null>(null);
  // A past event entered here keeps its form on screen while it is first loaded after saving.
  const [enteredHere] = useState(eventId === null);

  const changed = (message?: string) => {
    if (message !== undefined) messages.say(message);
    reload();
  };
  const conversationSaved = (message: string) => {
    setConversationInForm(null);
    changed(message);
  };

  const back = (
    <button type="button" className="link-button back-link" onClick={onBack}>
      {t('eventDetail.back')}
    </button>
  );
  if (!detail && !enteredHere) {
    // Nothing to show until the event arrives, except why it cannot.
    return loadError ? (
      <div className="event-detail">
        {back}
        <LoadProblem error={loadError} />
      </div>
    ) : null;
  }
  const event = detail?.event;
  return (
    <div className="event-detail">
      {back}
      <h1>
        {event
          ? t('eventDetail.heading', { kind: t(`reference.eventKind.${event.kind}`), site: event.siteName })
          : t('events.addPast')}
      </h1>
      <p role="status" className="status-message">
        {messages.status}
      </p>
      {event?.deleted && <p className="warning-callout">{t('eventDetail.deletedBanner')}</p>}
      <LoadProblem error={loadError} />
      <ErrorSummary problems={messages.problems} form="event" />

      {conversationInForm === 'new' && eventId !== null && (
        <ConversationForm
          mode={{ kind: 'addToEvent', eventId, onSaved: () => conversationSaved(t('eventDetail.conversationAdded')) }}
          onCancel={() => setConversationInForm(null)}
        />
      )}
      {conversationInForm !== null && conversationInForm !== 'new' && (
        // Keyed, so Edit on another row while one is open shows that row rather than the first one's answers.
        <ConversationForm
          key={conversationInForm.id}
          mode={{ kind: 'edit', conversation: conversationInForm, onSaved: () => conversationSaved(t('eventDetail.conversationSaved')) }}
          onCancel={() => setConversationInForm(null)}
        />
      )}
      <EventForm
        eventId={eventId}
        detail={detail}
        hidden={conversationInForm !== null}
        messages={messages}
        onCreated={onCreated}
        onChanged={changed}
        onHistory={() => event && setHistory({ entity: 'event', id: event.id })}
      />

      {detail && (
        <>
          <EventConversations
            detail={detail}
            formOpen={conversationInForm !== null}
            guard={messages.guard}
            onChanged={changed}
            onAdd={() => setConversationInForm('new')}
            onEdit={setConversationInForm}
            onHistory={(id) => setHistory({ entity: 'conversation', id })}
          />
          <EventVisits
            detail={detail}
            guard={messages.guard}
            error={messages.error}
            onChanged={changed}
            onHistory={(id) => setHistory({ entity: 'visit', id })}
          />
        </>
      )}
      {history && <History entity={history.entity} id={history.id} onClose={() => setHistory(null)} />}
    </div>
  );
}
