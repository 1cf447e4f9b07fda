// A group of choices that is one Tab stop (the WAI-ARIA radio-group pattern, and a group of
// checkboxes with a roving tabindex): arrow keys move inside, Space ticks, typed letters find an
// item. The items stay real radios and checkboxes, so screen readers, touch and mice all work.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReferenceItem } from '../../../main/api/contract.ts';

export interface ChoiceSection {
  key: string;
  /** A small heading above the section's items (e.g. "Cancer"); none for a flat group. */
  title?: string;
  items: ReferenceItem[];
}

/** Lower-cased, accents removed: "Café" is found by typing "cafe". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

/** A label matches when it, or any word in it, starts with what was typed. */
export function matchesTyped(label: string, typed: string): boolean {
  const folded = fold(label);
  const query = fold(typed);
  return folded.startsWith(query) || folded.split(/[^\p{L}\p{N}]+/u).some((word) => word.startsWith(query));
}

/** Puts the keyboard in a choice group (by the id its fieldset has), on its roving item. */
export function focusChoiceGroup(groupId: string): boolean {
  const input = document.getElementById(groupId)?.querySelector<HTMLInputElement>('input[tabindex="0"]');
  input?.focus();
  return Boolean(input);
}

const TYPE_AHEAD_RESET_MS = 900;

export function ChoiceGroup({
  id,
  name,
  legend,
  hint,
  multiple,
  sections,
  selected,
  onChange,
  shortcut,
  filterable = false,
  error,
  className,
}: {
  id: string;
  name: string;
  legend: string;
  hint?: string;
  /** Checkboxes (choose any) or radios (choose one). */
  multiple: boolean;
  sections: ChoiceSection[];
  selected: readonly string[];
  onChange(next: string[]): void;
  /** The key combination that jumps here, e.g. "Alt+O"; shown beside the legend. */
  shortcut?: string;
  /** Typed letters hide the items that do not match (long lists); otherwise they jump to the first match. */
  filterable?: boolean;
  error?: string;
  className?: string;
}) {
  const { t, i18n } = useTranslation();
  const [query, setQuery] = useState('');
  /** Letters that matched nothing: said, but not applied, so the keyboard stays on an item. */
  const [missed, setMissed] = useState('');
  const [active, setActive] = useState<string | null>(null);
  const inputs = useRef(new Map<string, HTMLInputElement>());
  const typed = useRef({ text: '', at: 0 });
  const focusAfterRender = useRef(false);

  const label = (item: ReferenceItem) => t(item.labelKey);
  const visibleSections = useMemo(
    () =>
      sections
        .map((section) => ({ ...section, items: query ? section.items.filter((item) => matchesTyped(t(item.labelKey), query)) : section.items }))
        .filter((section) => section.items.length > 0),
    [sections, query, t],
  );
  const visible = visibleSections.flatMap((section) => section.items);
  const all = sections.flatMap((section) => section.items);
  // The roving item: the one last moved to, else the first chosen, else the first shown.
  const current =
    (active && visible.some((i) => i.code === active) && active) ||
    visible.find((i) => selected.includes(i.code))?.code ||
    visible[0]?.code ||
    null;

  useEffect(() => {
    if (focusAfterRender.current && current) inputs.current.get(current)?.focus();
    focusAfterRender.current = false;
  });

  const moveTo = (code: string) => {
    setActive(code);
    inputs.current.get(code)?.focus();
    if (!multiple) onChange([code]);
  };

  const toggle = (code: string) => {
    setActive(code);
    if (multiple) onChange(selected.includes(code) ? selected.filter((c) => c !== code) : [...selected, code]);
    else onChange([code]);
    setMissed('');
    if (query) {
      focusAfterRender.current = true;
      setQuery('');
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const index = visible.findIndex((item) => item.code === current);
    const rtl = i18n.dir() === 'rtl';
    const step = { ArrowDown: 1, ArrowUp: -1, ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[event.key];
    if (step !== undefined && visible.length > 0) {
      event.preventDefault();
      moveTo(visible[(index + step + visible.length) % visible.length]!.code);
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      const target = event.key === 'Home' ? visible[0] : visible.at(-1);
      if (target) moveTo(target.code);
    } else if (event.key === 'Escape' && (query || missed)) {
      // First Escape shows every item again; the next one is the form's (cancel).
      event.preventDefault();
      event.stopPropagation();
      focusAfterRender.current = true;
      setQuery('');
      setMissed('');
    } else if (event.key === 'Backspace' && query) {
      event.preventDefault();
      focusAfterRender.current = true;
      setMissed('');
      setQuery(query.slice(0, -1));
    } else if (event.key.length === 1 && event.key !== ' ') {
      event.preventDefault();
      const now = Date.now();
      if (filterable) {
        const next = query + event.key;
        const first = all.find((item) => matchesTyped(label(item), next));
        if (!first) {
          setMissed(next);
          return;
        }
        setMissed('');
        focusAfterRender.current = true;
        setQuery(next);
        setActive(first.code);
        return;
      }
      const text = now - typed.current.at < TYPE_AHEAD_RESET_MS ? typed.current.text + event.key : event.key;
      typed.current = { text, at: now };
      const match = visible.find((item) => matchesTyped(label(item), text));
      if (match) moveTo(match.code);
    }
  };

  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const statusId = `${id}-filter`;
  return (
    <fieldset
      id={id}
      className={[error ? 'field field--error' : 'field', 'choice-group', className].filter(Boolean).join(' ')}
      aria-describedby={[hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined}
    >
      <legend>
        {legend}
        {shortcut && (
          <kbd className="shortcut-hint" aria-hidden="true">
            {shortcut}
          </kbd>
        )}
      </legend>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId}>
          <span className="visually-hidden">{t('errors.summaryTitle')}: </span>
          {error}
        </p>
      )}
      {filterable && (
        <p className={query || missed ? 'choice-filter' : 'visually-hidden'} id={statusId} aria-live="polite">
          {missed ? t('choices.noMatch', { typed: missed }) : query ? t('choices.filtered', { typed: query }) : ''}
        </p>
      )}
      <div className="choice-group__items" onKeyDown={onKeyDown}>
        {visibleSections.map((section) => (
          <div key={section.key} className="chip-section">
            {section.title && <h3 className="chip-section__title">{section.title}</h3>}
            <div className="chips">
              {section.items.map((item) => {
                const checked = selected.includes(item.code);
                return (
                  <label key={item.code} className={checked ? 'chip chip--checked' : 'chip'}>
                    <input
                      ref={(element) => {
                        if (element) inputs.current.set(item.code, element);
                        else inputs.current.delete(item.code);
                      }}
                      type={multiple ? 'checkbox' : 'radio'}
                      name={name}
                      value={item.code}
                      checked={checked}
                      tabIndex={item.code === current ? 0 : -1}
                      aria-keyshortcuts={shortcut}
                      onFocus={() => setActive(item.code)}
                      onChange={() => toggle(item.code)}
                    />
                    <span>{label(item)}</span>
                  </label>
                );
              })}
            </div>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

export function ReferenceSelect({
  id,
  label,
  items,
  value,
  onChange,
  grouped,
  shortcut,
}: {
  id: string;
  label: string;
  items: ReferenceItem[];
  value: string;
  onChange(value: string): void;
  /** Group labels by item.group (e.g. the five ONS ethnic group headings). */
  grouped?: ReferenceItem[];
  /** The key combination that jumps here, e.g. "Alt+E"; shown beside the label. */
  shortcut?: string;
}) {
  const { t } = useTranslation();
  const option = (item: ReferenceItem) => (
    <option key={item.code} value={item.code}>
      {t(item.labelKey)}
    </option>
  );
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {shortcut && (
          <kbd className="shortcut-hint" aria-hidden="true">
            {shortcut}
          </kbd>
        )}
      </label>
      <select id={id} value={value} aria-keyshortcuts={shortcut} onChange={(e) => onChange(e.target.value)}>
        {grouped
          ? grouped.map((group) => (
              <optgroup key={group.code} label={t(group.labelKey)}>
                {items.filter((i) => i.group === group.code).map(option)}
              </optgroup>
            ))
          : items.map(option)}
      </select>
    </div>
  );
}
