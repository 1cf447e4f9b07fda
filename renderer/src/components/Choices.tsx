// Chips for "choose all that apply": real checkboxes (keyboard, screen readers and touch all
// work) styled as large targets; the selected state shows a tick, not only a colour.
import type { ReferenceItem } from '../../../main/records/reference.ts';
import { useTranslation } from 'react-i18next';

export function ChipGroup({
  name,
  items,
  selected,
  onChange,
}: {
  name: string;
  items: ReferenceItem[];
  selected: readonly string[];
  onChange(next: string[]): void;
}) {
  const { t } = useTranslation();
  return (
    <div className="chips">
      {items.map((item) => {
        const checked = selected.includes(item.code);
        return (
          <label key={item.code} className={checked ? 'chip chip--checked' : 'chip'}>
            <input
              type="checkbox"
              name={name}
              value={item.code}
              checked={checked}
              onChange={() => onChange(checked ? selected.filter((c) => c !== item.code) : [...selected, item.code])}
            />
            <span>{t(item.labelKey)}</span>
          </label>
        );
      })}
    </div>
  );
}

export function ReferenceSelect({
  id,
  label,
  items,
  value,
  onChange,
  grouped,
}: {
  id: string;
  label: string;
  items: ReferenceItem[];
  value: string;
  onChange(value: string): void;
  /** Group labels by item.group (e.g. the five ONS ethnic group headings). */
  grouped?: ReferenceItem[];
}) {
  const { t } = useTranslation();
  const option = (item: ReferenceItem) => (
    <option key={item.code} value={item.code}>
      {t(item.labelKey)}
    </option>
  );
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
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
