// What SQLite plans for the statements a piece of work runs: every statement the work executes
// on the store's connection is recorded with its parameters, then explained (EXPLAIN QUERY PLAN).
import type { Store } from '../../main/db/store.ts';

export interface PlannedStatement {
  sql: string;
  /** The plan's lines, indented by depth, e.g. "SEARCH t USING INDEX conversation_by_event (event_id=?)". */
  plan: string[];
}

type Run = (...args: unknown[]) => unknown;
const METHODS = ['all', 'get', 'iterate', 'run'] as const;

/** Runs `work`, then explains every distinct read statement it ran (writes are left out: a trigger's plan is not shown by EXPLAIN). */
export async function plansOf(store: Store, work: () => unknown): Promise<PlannedStatement[]> {
  const seen = new Map<string, unknown[]>();
  const db = store.sqlite;
  const proto = Object.getPrototypeOf(db.prepare('SELECT 1')) as Record<(typeof METHODS)[number], Run>;
  const originals = METHODS.map((name) => [name, proto[name]] as const);
  for (const [name, original] of originals) {
    proto[name] = function (this: { source: string; database: unknown }, ...args: unknown[]) {
      if (this.database === db && !seen.has(this.source)) seen.set(this.source, args);
      return original.apply(this, args);
    };
  }
  try {
    await work();
  } finally {
    for (const [name, original] of originals) proto[name] = original;
  }
  const planned: PlannedStatement[] = [];
  for (const [source, args] of seen) {
    if (!/^\s*(SELECT|WITH)\b/i.test(source)) continue;
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${source}`).all(...args) as { id: number; parent: number; detail: string }[];
    const depth = new Map<number, number>([[0, -1]]);
    const plan = rows.map((row) => {
      const d = (depth.get(row.parent) ?? -1) + 1;
      depth.set(row.id, d);
      return `${'  '.repeat(d)}${row.detail}`;
    });
    planned.push({ sql: source, plan });
  }
  return planned;
}
