// A row's buttons say which row they act on ("Delete conversation at 10:42"): the visible word
// starts the name, so speech users can still say what they see (WCAG 2.5.3).
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../format.ts';

export function RowName({ kind, at }: { kind: 'conversation' | 'visit'; at: string }) {
  const { t, i18n } = useTranslation();
  return <span className="visually-hidden"> {t(`eventDetail.rowOf.${kind}`, { time: formatTime(at, i18n.language) })}</span>;
}
