// Logging a conversation in under ten seconds: each group of choices is one Tab stop (arrows
// inside, letters to find), the most used topics and outcomes come first, Alt+letter keys jump to
// outcomes and the person's bands, Ctrl+Enter saves, and the Save bar stays in view.
import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { limits } from '../../../shared/limits.ts';
import { findPersonalDetails } from '../../../shared/personal-details.ts';
import type { FrequentChoices, ReferenceItem } from '../../../main/api/contract.ts';
import { NotesConfirm } from '../components/NotesConfirm.tsx';
import { PersonalDetailsWarning } from '../components/PersonalDetailsWarning.tsx';
import type { Conversation, RecordedConversation } from '../../../main/api/contract.ts';
import type { SessionTotals } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { useApp } from '../app/context.ts';
import { useContract } from '../app/useContract.ts';
import { ChoiceGroup, ReferenceSelect, focusChoiceGroup, type ChoiceSection } from '../components/Choices.tsx';
import { ErrorSummary, FieldError, fieldId, LoadProblem, problemsFrom, type FormProblems } from '../components/errors.tsx';

const LAST_LANGUAGE_KEY = 'outreach-tally.lastConversationLanguage';

/** Alt + a physical key (event.code, so any keyboard layout) jumps to a field; shown in the form. */
const SHORTCUTS = [
  { code: 'KeyT', keys: 'Alt+T', field: 'topics', labelKey: 'conversation.shortcuts.topics' },
  { code: 'KeyO', keys: 'Alt+O', field: 'outcomes', labelKey: 'conversation.shortcuts.outcomes' },
  { code: 'KeyA', keys: 'Alt+A', field: 'ageBand', labelKey: 'conversation.shortcuts.ageBand' },
  { code: 'KeyX', keys: 'Alt+X', field: 'sex', labelKey: 'conversation.shortcuts.sex' },
  { code: 'KeyE', keys: 'Alt+E', field: 'ethnicity', labelKey: 'conversation.shortcuts.ethnicity' },
  { code: 'KeyL', keys: 'Alt+L', field: 'language', labelKey: 'conversation.shortcuts.language' },
  { code: 'KeyN', keys: 'Alt+N', field: 'notes', labelKey: 'conversation.shortcuts.notes' },
] as const;
const keysFor = (field: string) => SHORTCUTS.find((s) => s.field === field)?.keys;

const noFrequent: FrequentChoices = { topics: [], outcomes: [] };

/** Frequently used codes first (in order of use), then the rest in the list's own order. */
function usedFirst(items: ReferenceItem[], used: readonly string[]): [ReferenceItem[], ReferenceItem[]] {
  const byCode = new Map(items.map((item) => [item.code, item]));
  const first = used.map((code) => byCode.get(code)).filter((item): item is ReferenceItem => item !== undefined);
  return [first, items.filter((item) => !used.includes(item.code))];
}

/** Recording a new conversation at a session, a coordinator adding one to a past event, or correcting one. */
export type ConversationFormMode =
  | { kind: 'record'; eventId: number; onSaved(result: RecordedConversation): void }
  | { kind: 'addToEvent'; eventId: number; onSaved(result: SessionTotals): void }
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
  /** Notes that look personal wait here for the volunteer's second, deliberate step. */
  const [confirmingNotes, setConfirmingNotes] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const eventId = mode.kind === 'edit' ? null : mode.eventId;

  // Without the most used choices (a failed read, which is said) the lists keep their usual order.
  const frequentRead = useContract('conversations.frequentChoices', eventId === null ? null : { eventId });
  const frequent = frequentRead.value ?? noFrequent;
  /** Focus starts on the first topic once the most used ones are in place (a few ms). */
  const ready = eventId === null || !frequentRead.loading;

  useEffect(() => {
    if (ready) focusChoiceGroup(fieldId('conversation', 'topics'));
  }, [ready]);

  const personalDetails = useMemo(() => findPersonalDetails(notes), [notes]);

  const topicSections = useMemo<ChoiceSection[]>(() => {
    const [mostUsed, rest] = usedFirst(lists.topic, frequent.topics);
    const sections: ChoiceSection[] = mostUsed.length > 0 ? [{ key: 'most-used', title: t('conversation.mostUsed'), items: mostUsed }] : [];
    for (const group of lists.topic_group) {
      sections.push({ key: group.code, title: t(group.labelKey), items: rest.filter((topic) => topic.group === group.code) });
    }
    return sections;
  }, [lists, frequent.topics, t]);
  const outcomeSections = useMemo<ChoiceSection[]>(() => [{ key: 'all', items: usedFirst(lists.outcome, frequent.outcomes).flat() }], [lists, frequent.outcomes]);

  const save = async (event?: FormEvent, confirmed = false) => {
    event?.preventDefault();
    if (saving) return;
    if (topics.length === 0) {
      // Mirrors the service's rule so the message appears without a round trip.
      setProblems({ summary: t('errors.invalidInput'), fields: { topics: t('errors.topicRequired') } });
      return;
    }
    if (personalDetails.length > 0 && !confirmed) {
      setConfirmingNotes(true);
      return;
    }
    setSaving(true);
    try {
      const fields = {
        depth, topics, outcomes, ageBand, sex, ethnicity, language, safeguarding, notes,
        ...(confirmed && { personalDetailsConfirmed: true }),
      };
      if (mode.kind === 'record') {
        const result = await call('conversations.record', { eventId: mode.eventId, ...fields });
        localStorage.setItem(LAST_LANGUAGE_KEY, language);
        mode.onSaved(result);
      } else if (mode.kind === 'addToEvent') {
        mode.onSaved(await call('events.addConversation', { eventId: mode.eventId, ...fields }));
      } else {
        mode.onSaved(await call('conversations.update', { id: mode.conversation.id, fields }));
      }
    } catch (error) {
      setConfirmingNotes(false);
      setProblems(problemsFrom(error, t));
    } finally {
      setSaving(false);
    }
  };

  const editNotes = () => {
    setConfirmingNotes(false);
    document.getElementById(fieldId('conversation', 'notes'))?.focus();
  };

  const jumpTo = (field: string) => {
    const id = fieldId('conversation', field);
    if (!focusChoiceGroup(id)) document.getElementById(id)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void save();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      if (confirmingNotes) editNotes();
      else onCancel();
    } else if (event.altKey && !event.ctrlKey && !event.metaKey) {
      const shortcut = SHORTCUTS.find((s) => s.code === event.code);
      if (shortcut) {
        event.preventDefault();
        jumpTo(shortcut.field);
      }
    }
  };

  const error = (field: string) => problems?.fields[field];
  return (
    <form
      ref={formRef}
      className="conversation-form conversation-form--compact"
      onSubmit={(e) => void save(e)}
      onKeyDown={onKeyDown}
      noValidate
      aria-labelledby="conversation-title"
    >
      <h2 id="conversation-title">{mode.kind === 'edit' ? t('eventDetail.editConversation') : t('conversation.title')}</h2>
      <ErrorSummary problems={problems} form="conversation" />
      <LoadProblem error={frequentRead.error} />

      <div className="conversation-grid">
        <ChoiceGroup
          id={fieldId('conversation', 'topics')}
          className="conversation-grid__topics"
          name="topics"
          legend={t('conversation.topicsLegend')}
          hint={t('conversation.topicsHint')}
          multiple
          filterable
          sections={topicSections}
          selected={topics}
          onChange={setTopics}
          shortcut={keysFor('topics')}
          error={error('topics')}
        />
        <ChoiceGroup
          id={fieldId('conversation', 'outcomes')}
          name="outcomes"
          legend={t('conversation.outcomesLegend')}
          hint={t('conversation.outcomesHint')}
          multiple
          filterable
          sections={outcomeSections}
          selected={outcomes}
          onChange={setOutcomes}
          shortcut={keysFor('outcomes')}
          error={error('outcomes')}
        />
        <div className="conversation-grid__person">
          <ChoiceGroup
            id={fieldId('conversation', 'ageBand')}
            name="ageBand"
            legend={t('conversation.ageBand')}
            multiple={false}
            sections={[{ key: 'all', items: lists.age }]}
            selected={[ageBand]}
            onChange={([next]) => next && setAgeBand(next)}
            shortcut={keysFor('ageBand')}
            error={error('ageBand')}
          />
          <ChoiceGroup
            id={fieldId('conversation', 'sex')}
            name="sex"
            legend={t('conversation.sex')}
            multiple={false}
            sections={[{ key: 'all', items: lists.sex }]}
            selected={[sex]}
            onChange={([next]) => next && setSex(next)}
            shortcut={keysFor('sex')}
            error={error('sex')}
          />
        </div>
      </div>

      <div className="conversation-more">
        <ChoiceGroup
          id={fieldId('conversation', 'depth')}
          name="depth"
          legend={t('conversation.depthLegend')}
          multiple={false}
          sections={[{ key: 'all', items: lists.depth }]}
          selected={[depth]}
          onChange={([next]) => next && setDepth(next)}
          error={error('depth')}
        />
        <div className="band-grid">
          <ReferenceSelect
            id={fieldId('conversation', 'ethnicity')}
            label={t('conversation.ethnicity')}
            items={lists.ethnicity}
            grouped={lists.ethnicity_group}
            value={ethnicity}
            onChange={setEthnicity}
            shortcut={keysFor('ethnicity')}
          />
          <ReferenceSelect
            id={fieldId('conversation', 'language')}
            label={t('conversation.language')}
            items={lists.language}
            value={language}
            onChange={setLanguage}
            shortcut={keysFor('language')}
          />
        </div>
        <p className="hint">{t('conversation.aboutPersonHint')}</p>

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
          <label htmlFor={fieldId('conversation', 'notes')}>
            {t('conversation.notes')}
            <kbd className="shortcut-hint" aria-hidden="true">
              {keysFor('notes')}
            </kbd>
          </label>
          <p className="hint" id="conversation-notes-hint">
            {t('conversation.notesHint', { max: limits.notesLength })}
          </p>
          <FieldError id="conversation-notes" message={error('notes')} />
          <PersonalDetailsWarning id="conversation-notes-warning" found={personalDetails} />
          <textarea
            id={fieldId('conversation', 'notes')}
            rows={2}
            maxLength={limits.notesLength}
            value={notes}
            aria-keyshortcuts={keysFor('notes')}
            onChange={(e) => {
              setNotes(e.target.value);
              setConfirmingNotes(false);
            }}
            aria-describedby={
              personalDetails.length > 0 ? 'conversation-notes-hint conversation-notes-warning' : 'conversation-notes-hint'
            }
          />
        </div>
      </div>

      <div className="save-bar">
        {confirmingNotes ? (
          <NotesConfirm id="conversation-notes-confirm" busy={saving} onEdit={editNotes} onConfirm={() => void save(undefined, true)} />
        ) : (
          <div className="save-bar__buttons">
            <button type="submit" className="button button--large" disabled={saving} aria-keyshortcuts="Control+Enter">
              {t('conversation.save')}
            </button>
            <button type="button" className="button button--secondary" onClick={onCancel}>
              {t('conversation.cancel')}
            </button>
          </div>
        )}
        <p className="save-bar__keys" id="conversation-shortcuts">
          {t('conversation.shortcuts.intro')}{' '}
          {[...SHORTCUTS.filter((s) => s.field !== 'notes'), { keys: 'Ctrl+Enter', labelKey: 'conversation.shortcuts.save' }].map((s) => (
            <span key={s.keys} className="save-bar__key">
              <kbd>{s.keys}</kbd> {t(s.labelKey)}
            </span>
          ))}
        </p>
      </div>
    </form>
  );
}
