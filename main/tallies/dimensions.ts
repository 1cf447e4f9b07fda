// What a conversation is counted under, declared once (docs/tallies.md).

/** A conversation's four bands, in the order the band_set strings hold them. */
export const BANDS = [
  { dimension: 'age', column: 'age_band' },
  { dimension: 'sex', column: 'sex' },
  { dimension: 'ethnicity', column: 'ethnicity' },
  { dimension: 'language', column: 'language' },
] as const;

export type BandDimension = (typeof BANDS)[number]['dimension'];
export type Bands = Record<BandDimension, string>;

/**
 * Every dimension of report_day_code and report_month_code: each band, each topic, each topic
 * group once (two topics of one group are one conversation of the group), each outcome, and
 * 'no_outcome' (code '') for a conversation with none.
 */
export const TALLY_DIMENSIONS = [...BANDS.map((band) => band.dimension), 'topic', 'topic_group', 'outcome', 'no_outcome'] as const;
export type TallyDimension = BandDimension | 'topic' | 'topic_group' | 'outcome' | 'no_outcome';

/** The group of a topic its list gives none (or that is not on the list). */
export const UNGROUPED = 'ungrouped';

/** The code 'no_outcome' is counted under. */
export const NO_OUTCOME_CODE = '';
