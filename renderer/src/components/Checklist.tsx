// The one "limit to some …" picker of a report: a disclosure whose summary says how many are
// chosen, holding a named group of checkboxes (boroughs, sites, volunteers, laptops).
export interface ChecklistItem<K> {
  key: K;
  label: string;
  /** The label's language when it is not the page's (borough names stay in English). */
  lang?: string;
}

export function Checklist<K extends string | number>({
  summary,
  legend,
  items,
  chosen,
  onChange,
}: {
  summary: string;
  legend: string;
  items: readonly ChecklistItem<K>[];
  chosen: readonly K[];
  onChange(chosen: K[]): void;
}) {
  const toggle = (key: K) => onChange(chosen.includes(key) ? chosen.filter((k) => k !== key) : [...chosen, key]);
  return (
    <details>
      <summary>{summary}</summary>
      <fieldset>
        <legend className="visually-hidden">{legend}</legend>
        <div className="checkbox-list">
          {items.map((item) => (
            <label key={item.key} className="checkbox">
              <input type="checkbox" checked={chosen.includes(item.key)} onChange={() => toggle(item.key)} />
              <span lang={item.lang}>{item.label}</span>
            </label>
          ))}
        </div>
      </fieldset>
    </details>
  );
}
