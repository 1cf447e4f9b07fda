// What History shows for an audit entry's fields: labels in the reader's language, never codes
// ("Outcomes: none → Signposted to screening service").
import type { TFunction } from 'i18next';
import type { ReferenceData, ReferenceList } from '../../../main/api/contract.ts';
import { formatDateTime } from '../format.ts';

/** Audit entries carry camelCase records and, for visits, snake_case rows: one name for both. */
export function fieldName(field: string): string {
  return field.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** The fields whose values are codes from one of the app's lists. */
const codeLists: Record<string, ReferenceList> = {
  topics: 'topic',
  outcomes: 'outcome',
  depth: 'depth',
  ageBand: 'age',
  sex: 'sex',
  ethnicity: 'ethnicity',
  language: 'language',
  kind: 'event_kind',
  settingType: 'setting_type',
};

const personalDetailKinds = new Set(['postcode', 'phone', 'email', 'nhsNumber', 'dateOfBirth']);

export function fieldLabel(field: string, t: TFunction): string {
  const key = `history.fields.${fieldName(field)}`;
  const label = t(key, { defaultValue: '' });
  return label === '' ? fieldName(field) : label;
}

export function describeValue(field: string, value: unknown, t: TFunction, reference: ReferenceData, language: string): string {
  const name = fieldName(field);
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? t('history.yes') : t('history.no');
  const list = codeLists[name];
  const codeLabel = (code: unknown): string => {
    if (typeof code !== 'string') return String(code);
    if (list) {
      const item = reference.lists[list]?.find((i) => i.code === code);
      if (item) return t(item.labelKey);
    }
    if (name === 'personalDetailsConfirmed' && personalDetailKinds.has(code)) return t(`personalDetails.kinds.${code}`);
    return code;
  };
  if (Array.isArray(value)) {
    if (value.length === 0) return t('history.none');
    return value
      .map((item) =>
        item && typeof item === 'object' && 'name' in item && 'hours' in item
          ? t('history.volunteerHours', { name: String(item.name), hours: Number(item.hours) })
          : codeLabel(item),
      )
      .join(', ');
  }
  if (typeof value === 'object') return JSON.stringify(value);
  if (name === 'authorityCode') return reference.authorities.find((a) => a.code === value)?.name ?? String(value);
  if (name === 'role' && typeof value === 'string') return t(`profile.roles.${value}`, { defaultValue: value });
  if (typeof value === 'string' && /At$/.test(name) && !Number.isNaN(Date.parse(value))) return formatDateTime(value, language);
  return codeLabel(value);
}
