// The one event-kind drop-down (pop-up shop, stall, ...), from the reference list, translated.
import type { SelectHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context.ts';

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'children'>;

export function KindPicker({ value, onChange, empty, ...select }: SelectProps & { value: string; onChange(code: string): void; empty?: string }) {
  const { t } = useTranslation();
  const { reference } = useApp();
  return (
    <select {...select} value={value} onChange={(e) => onChange(e.target.value)}>
      {empty !== undefined && <option value="">{empty}</option>}
      {reference.lists.event_kind.map((k) => (
        <option key={k.code} value={k.code}>
          {t(k.labelKey)}
        </option>
      ))}
    </select>
  );
}
