// The one site drop-down. The screen passes the sites it offers (all, or only those open for
// a new session); with markRetired, a retired site says so, for filters over past records.
import type { SelectHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { Site } from '../../../main/api/contract.ts';

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'children'>;

export function SitePicker({
  sites,
  value,
  onChange,
  empty,
  markRetired = false,
  ...select
}: SelectProps & { sites: readonly Site[]; value: string; onChange(siteId: string): void; empty?: string; markRetired?: boolean }) {
  const { t } = useTranslation();
  return (
    <select {...select} value={value} onChange={(e) => onChange(e.target.value)}>
      {empty !== undefined && <option value="">{empty}</option>}
      {sites.map((s) => (
        <option key={s.id} value={s.id}>
          {markRetired && s.retired ? t('dashboard.retiredSite', { name: s.name }) : s.name}
        </option>
      ))}
    </select>
  );
}
