// The one volunteer drop-down for filters over past records (the dashboard, the events list).
import type { SelectHTMLAttributes } from 'react';
import type { Volunteer } from '../../../main/api/contract.ts';

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'children'>;

export function VolunteerPicker({
  volunteers,
  value,
  onChange,
  empty,
  ...select
}: SelectProps & { volunteers: readonly Volunteer[]; value: string; onChange(volunteerId: string): void; empty: string }) {
  return (
    <select {...select} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{empty}</option>
      {volunteers.map((v) => (
        <option key={v.id} value={v.id}>
          {v.name}
        </option>
      ))}
    </select>
  );
}
