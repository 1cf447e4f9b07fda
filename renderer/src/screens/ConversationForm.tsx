// Logging a conversation in under ten seconds: focus starts on the topics, the bands are
// optional and remember the last language used, Ctrl+Enter saves from anywhere in the form.
import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { limits } from '../../../main/api/contract.ts';
import { findPersonalDetails } from '../../../main/api/personal-details.ts';
import { PersonalDetailsWarning } from '../components/PersonalDetailsWarning.tsx';
import type { Conversation, RecordedConversation } from '../../../main/records/conversations.ts';
import { call } from '../api.ts';
import { useApp } from '../app/context.ts';
import { ChipGroup, ReferenceSelect } from '../components/Choices.tsx';
import { ErrorSummary, FieldError, fieldId, problemsFrom, type FormProblems } from '../components/errors.tsx';

const LAST_LANGUAGE_KEY = 'outreach-tally.lastConversationLanguage';

/** Recording a new conversation at a session, or a coordinator correcting one. */
export type ConversationFormMode =
  | { kind: 'record'; eventId: number; onSaved(result: RecordedConversation): void }
  | { kind: 'edit'; conversation: Conversation; onSaved(result: Conversation): void };

export function ConversationForm({ mode, onCancel }: { mode: ConversationFormMode; onCancel(): void }) {
  const { t } = useTranslation();
  const { reference, openCrisisPanel } = useApp();
  const lists = reference.lists;
  const initial = mode.kind === 'edit' ? mode.conversation : null;
  const [depth, setDepth] = useState(initial?.depth ?? 'brief_contact');
  const [topics, setTopics] = useState<string[]>(initial?.topics ?? []);
  const [outcomes, setOutcomes] = useState<string[]>(initial?.outcomes ?? []);
  const [ageBand, setAgeBand] = useState(initial?.ageBand ?? 'not_recorded');
  const [sex, setSex] = useState(initial?.sex ?? 'not_recorded');
  const [ethnicity, setEthnicity] = useState(initial?.ethnicity ?? 'not_recorded');
  const [language, setLanguage] = useState(() => initial?.language ?? localStorage.getItem(LAST_LANGUAGE_KEY) ?? 'not_recorded');
  const [safeguarding, setSafeguarding] = useState(initial?.safeguarding ?? false);
  const [notes, setNotes] = useState(initial?.notes ?? '');
  const [problems, setProblems] = useState<FormProblems | null>(null);
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    formRef.current?.querySelector<HTMLInputElement>('input[name="topics"]')?.focus();
  }, []);

  const personalDetails = useMemo(() => findPersonalDetails(notes), [notes]);

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    if (saving) return;
    if (topics.length === 0) {
      // Mirrors the service's rule so the message appears without a round trip.
      setProblems({ summary: t('errors.invalidInput'), fields: { topics: t('errors.topicRequired') } });
      return;
    }
    setSaving(true);
    try {
      const fields = { depth, topics, outcomes, ageBand, sex, ethnicity, language, safeguarding, notes };
      if (mode.kind === 'record') {
        const result = await call('conversations.record', { eventId: mode.eventId, ...fields });
        localStorage.setItem(LAST_LANGUAGE_KEY, language);
        mode.onSaved(result);
      } else {
        mode.onSaved(await call('conversations.update', { id: mode.conversation.id, fields }));
      }
    } catch (error) {
      setProblems(problemsFrom(error, t));
    } finally {
      setSaving(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void save();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    }
  };

  const error = (field: string) => problems?.fields[field];
  return (
    <form ref={formRef} className="conversation-form" onSubmit={save} onKeyDown={onKeyDown} noValidate aria-labelledby="conversation-title">
      <h2 id="conversation-title">{mode.kind === 'edit' ? t('eventDetail.editConversation') : t('conversation.title')}</h2>
      <ErrorSummary problems={problems} form="conversation" />

      <fieldset className={error('topics') ? 'field field--error' : 'field'} id={fieldId('conversation', 'topics')}>
        <legend>{t('conversation.topicsLegend')}</legend>
        <p className="hint">{t('conversation.topicsHint')}</p>
        <FieldError id="conversation-topics" message={error('topics')} />
        {lists.topic_group.map((group) => (
          <div key={group.code} className="chip-section">
            <h3 className="chip-section__title">{t(group.labelKey)}</h3>
            <ChipGroup
              name="topics"
              items={lists.topic.filter((topic) => topic.group === group.code)}
              selected={topics}
              onChange={setTopics}
            />
          </div>
        ))}
      </fieldset>

      <fieldset className={error('outcomes') ? 'field field--error' : 'field'} id={fieldId('conversation', 'outcomes')}>
        <legend>{t('conversation.outcomesLegend')}</legend>
        <p className="hint">{t('conversation.outcomesHint')}</p>
        <FieldError id="conversation-outcomes" message={error('outcomes')} />
        <ChipGroup name="outcomes" items={lists.outcome} selected={outcomes} onChange={setOutcomes} />
      </fieldset>

      <fieldset className="field" id={fieldId('conversation', 'depth')}>
        <legend>{t('conversation.depthLegend')}</legend>
        <div className="radios radios--inline">
          {lists.depth.map((item) => (
            <label key={item.code} className="radio">
              <input type="radio" name="depth" value={item.code} checked={depth === item.code} onChange={() => setDepth(item.code)} />
              <span>{t(item.labelKey)}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset className="field">
        <legend>{t('conversation.aboutPerson')}</legend>
        <p className="hint">{t('conversation.aboutPersonHint')}</p>
        <div className="band-grid">
          <ReferenceSelect id={fieldId('conversation', 'ageBand')} label={t('conversation.ageBand')} items={lists.age} value={ageBand} onChange={setAgeBand} />
          <ReferenceSelect id={fieldId('conversation', 'sex')} label={t('conversation.sex')} items={lists.sex} value={sex} onChange={setSex} />
          <ReferenceSelect
            id={fieldId('conversation', 'ethnicity')}
            label={t('conversation.ethnicity')}
            items={lists.ethnicity}
            grouped={lists.ethnicity_group}
            value={ethnicity}
            onChange={setEthnicity}
          />
          <ReferenceSelect
            id={fieldId('conversation', 'language')}
            label={t('conversation.language')}
            items={lists.language}
            value={language}
            onChange={setLanguage}
          />
        </div>
      </fieldset>

      <div className="field checkbox-field">
        <label className="checkbox">
          <input
            type="checkbox"
            id={fieldId('conversation', 'safeguarding')}
            checked={safeguarding}
            aria-describedby="conversation-safeguarding-hint"
            onChange={(e) => {
              setSafeguarding(e.target.checked);
              if (e.target.checked) openCrisisPanel();
            }}
          />
          <span>{t('conversation.safeguarding')}</span>
        </label>
        <p className="hint" id="conversation-safeguarding-hint">
          {t('conversation.safeguardingHint')}
        </p>
      </div>

      <div className={error('notes') ? 'field field--error' : 'field'}>
        <label htmlFor={fieldId('conversation', 'notes')}>{t('conversation.notes')}</label>
        <p className="hint" id="conversation-notes-hint">
          {t('conversation.notesHint', { max: limits.notesLength })}
        </p>
        <FieldError id="conversation-notes" message={error('notes')} />
        <PersonalDetailsWarning id="conversation-notes-warning" found={personalDetails} />
        <textarea
          id={fieldId('conversation', 'notes')}
          rows={3}
          maxLength={limits.notesLength}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          aria-describedby={
            personalDetails.length > 0 ? 'conversation-notes-hint conversation-notes-warning' : 'conversation-notes-hint'
          }
        />
      </div>

      <div className="form-actions">
        <button type="submit" className="button button--large" disabled={saving}>
          {t('conversation.save')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('conversation.cancel')}
        </button>
      </div>
    </form>
  );
}
