// The one borough drop-down: every screen lists the same boroughs the same way (names in
// English whatever the UI language, as the reference file writes them).
import type { SelectHTMLAttributes } from 'react';
import { useApp } from '../app/context.ts';

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'children'>;

export function BoroughPicker({ value, onChange, empty, ...select }: SelectProps & { value: string; onChange(code: string): void; empty?: string }) {
  const { reference } = useApp();
  return (
    <select {...select} value={value} onChange={(e) => onChange(e.target.value)}>
      {empty !== undefined && <option value="">{empty}</option>}
      {reference.authorities.map((a) => (
        <option key={a.code} value={a.code} lang="en-GB">
          {a.name}
        </option>
      ))}
    </select>
  );
}
