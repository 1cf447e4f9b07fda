// The sets of codes a conversation row points to (topic_set, outcome_set, band_set: ids in
// code_set), read as lists of codes, and made into ids by the bulk writers.
import type { Store } from '../db/store.ts';

// A set's id never changes meaning (code_set rows are only ever added), so what was read once
// is kept for the connection: a month's sync payload or a narrowed dashboard needs a few
// thousand of them, ~12 ms to read.
const decoded = Symbol('code_set lists');
const READ_SETS = 'SELECT id, codes FROM code_set WHERE id IN (SELECT value FROM json_each(?))';

/** id -> its codes (an empty list for '' and for an id not in code_set). */
export function codeSetLists(store: Store, ids: Iterable<number>): Map<number, string[]> {
  const cache = store.perConnection(decoded, () => new Map<number, string[]>());
  const missing: number[] = [];
  for (const id of ids) if (!cache.has(id)) missing.push(id);
  if (missing.length > 0) {
    for (const [id, codes] of store.statement(READ_SETS, 'raw').all<[number, string]>(JSON.stringify(missing))) {
      cache.set(id, codes === '' ? [] : codes.split(' '));
    }
  }
  return cache;
}

/**
 * code_set ids of sets of codes, found through a tree of the codes themselves: the codes are
 * the lookup tables' own strings, whose hashes V8 keeps, so no string is built or hashed per
 * row. A set new to the file is interned in code_set.
 */
export class CodeSetIds {
  private readonly root: TrieNode = { next: new Map() };
  /** Every set already in code_set (a few thousand), read once rather than asked one by one. */
  private readonly known: Map<string, number>;
  private readonly store: Store;

  constructor(store: Store) {
    this.store = store;
    this.known = new Map(store.statement('SELECT codes, id FROM code_set', 'raw').all<[string, number]>());
  }

  /** The id of the codes in this order (bands: age, sex, ethnicity, language). */
  ofSequence(codes: readonly string[]): number {
    let node = this.root;
    for (const code of codes) {
      let next = node.next.get(code);
      if (!next) node.next.set(code, (next = { next: new Map() }));
      node = next;
    }
    if (node.id === undefined) {
      const text = codes.join(' ');
      let id = this.known.get(text);
      if (id === undefined) this.known.set(text, (id = Number(this.store.statement('INSERT INTO code_set (codes) VALUES (?)').run(text).lastInsertRowid)));
      node.id = id;
    }
    return node.id;
  }

  /** The id of a set of codes: sorted, as the triggers write it. */
  ofSet(codes: readonly string[]): number {
    return this.ofSequence(codes.length < 2 ? codes : [...codes].sort());
  }
}

interface TrieNode {
  id?: number;
  next: Map<string, TrieNode>;
}
