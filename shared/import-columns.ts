// The import's column layout (docs/import-format.md): one row per conversation, or per tally
// of visitors or a volunteer's hours, at a session identified by date + site + kind.
// The template, the validation and the documentation all read this one list.

/**
 * The template's example rows name their site (and volunteer) with this word first, so a
 * template imported as downloaded is recognised and brings in no invented sites or people.
 */
export const EXAMPLE_MARKER = 'EXAMPLE ';

export const importColumns = [
  { name: 'date', required: true, example: ['2025-09-13', '2025-09-13', '2025-09-20'] },
  { name: 'site', required: true, example: ['EXAMPLE Deptford Library', 'EXAMPLE Deptford Library', 'EXAMPLE Peckham Mosque'] },
  { name: 'borough', required: true, example: ['Lewisham', 'Lewisham', 'E09000028'] },
  { name: 'setting', required: false, example: ['library', 'library', 'Place of worship'] },
  { name: 'event_kind', required: true, example: ['popup_shop', 'popup_shop', 'Talk or workshop'] },
  { name: 'start_time', required: false, example: ['10:00', '', '18:30'] },
  { name: 'end_time', required: false, example: ['15:00', '', '20:00'] },
  { name: 'volunteer', required: false, example: ['EXAMPLE Amina K.', '', 'EXAMPLE Tariq S.'] },
  { name: 'volunteer_hours', required: false, example: ['5', '', '2.5'] },
  { name: 'visitors_adults', required: false, example: ['42', '', ''] },
  { name: 'visitors_children', required: false, example: ['9', '', ''] },
  { name: 'topics', required: false, example: ['', 'screening_bowel;smoking', 'Stress and anxiety'] },
  { name: 'outcomes', required: false, example: ['', 'leaflet_given;signposted_gp', 'Information given'] },
  { name: 'depth', required: false, example: ['', 'meaningful_discussion', ''] },
  { name: 'age_band', required: false, example: ['', 'age_60_74', '25 to 49'] },
  { name: 'sex', required: false, example: ['', 'female', ''] },
  { name: 'ethnicity', required: false, example: ['', 'caribbean', 'Prefer not to say'] },
  { name: 'language', required: false, example: ['', 'en', 'bn'] },
  { name: 'safeguarding', required: false, example: ['', 'no', 'no'] },
] as const;

export type ImportColumn = (typeof importColumns)[number]['name'];

export const importColumnNames: readonly ImportColumn[] = importColumns.map((c) => c.name);

/** "Event kind", "event-kind" and "EVENT_KIND " all name the event_kind column. */
export function normaliseHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** Reference lists a column's values come from (codes or their English labels). */
export const codedColumns = {
  setting: 'setting_type',
  event_kind: 'event_kind',
  topics: 'topic',
  outcomes: 'outcome',
  depth: 'depth',
  age_band: 'age',
  sex: 'sex',
  ethnicity: 'ethnicity',
  language: 'language',
} as const satisfies Partial<Record<ImportColumn, string>>;

export const MAX_IMPORT_ROWS = 200_000;
/** The largest spreadsheet file an import reads (a 200,000-row CSV is about 20 MB). */
export const MAX_IMPORT_FILE_BYTES = 64 * 1024 * 1024;
export const MAX_VISITORS_PER_ROW = 100_000;
