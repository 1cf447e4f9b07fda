// A figure on the dashboard: a number that opens the records behind it. Its accessible name
// starts with the number shown (WCAG 2.5.3) and says what it counts, so it makes sense out of
// its table too (a screen reader's list of buttons).
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../format.ts';

export function FigureButton({
  value,
  what,
  onSelect,
  className = 'figure-link',
  text,
}: {
  value: number;
  /** What the number counts, e.g. "Bowel screening — Conversations". */
  what: string;
  onSelect?: (() => void) | undefined;
  className?: string;
  /** Shown instead of the plain number (e.g. a ratio with its decimals). */
  text?: string;
}) {
  const { t, i18n } = useTranslation();
  const shown = text ?? formatNumber(value, i18n.language);
  if (!onSelect || value === 0) return <span className={className === 'figure-link' ? undefined : className}>{shown}</span>;
  return (
    <button type="button" className={className} aria-label={t('dashboard.showRecordsOf', { value: shown, what })} onClick={onSelect}>
      {shown}
    </button>
  );
}
