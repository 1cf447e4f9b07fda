// A log on screen, newest first: when, who, then what happened (the audit trail, the access log).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format.ts';

interface LogTableProps<E extends { id: number; at: string }> {
  caption: string;
  /** The caption only for screen readers, where a heading above already says it. */
  captionHidden?: boolean;
  /** The headings of the when and who columns, then of the columns `cells` fills. */
  headings: readonly string[];
  entries: readonly E[];
  /** Who did it; none is shown as a dash. */
  who(entry: E): string | null;
  cells(entry: E): readonly ReactNode[];
}

export function LogTable<E extends { id: number; at: string }>({ caption, captionHidden, headings, entries, who, cells }: LogTableProps<E>) {
  const { i18n } = useTranslation();
  return (
    <table className="table">
      <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
      <thead>
        <tr>
          {headings.map((heading) => (
            <th key={heading} scope="col">
              {heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.id}>
            <td>{formatDateTime(entry.at, i18n.language)}</td>
            <td>{who(entry) ?? '—'}</td>
            {cells(entry).map((cell, index) => (
              <td key={index}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
