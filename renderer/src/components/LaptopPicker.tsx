// The one team-laptop drop-down, and the one way a laptop is named on screen (this one says so).
import type { SelectHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { KnownLaptop } from '../../../main/api/contract.ts';

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'children'>;

export const laptopLabel = (t: TFunction, laptop: KnownLaptop): string =>
  laptop.thisLaptop ? t('team.laptops.thisLaptop', { name: laptop.name }) : laptop.name;

export function LaptopPicker({
  laptops,
  value,
  onChange,
  empty,
  ...select
}: SelectProps & { laptops: readonly KnownLaptop[]; value: string; onChange(laptopId: string): void; empty: string }) {
  const { t } = useTranslation();
  return (
    <select {...select} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{empty}</option>
      {laptops.map((laptop) => (
        <option key={laptop.laptopId} value={laptop.laptopId}>
          {laptopLabel(t, laptop)}
        </option>
      ))}
    </select>
  );
}
