// A database path left empty by a crash (an older version's restore moved the file aside
// before the restored copy took its place) must never become a new, empty database: the copy
// kept aside by a restore, or a restore staged beside the file, is offered back instead.
import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../../shared/errors.ts';
import { backupsDirectoryOf } from './snapshot.ts';

/** There is no database at the path, but a restore left copies of one: nothing was created. */
export class MissingDatabaseError extends DomainError {
  /** The copies, newest first: kept aside before a restore, or staged for one. */
  readonly copies: string[];
  constructor(file: string, copies: string[]) {
    super('unavailable', 'errors.database.path.missingBesideCopy', {
      values: { file, copy: copies[0] ?? '' },
      detail: `There is no database at ${file}, but a restore left a copy at ${copies.join(', ')}; nothing was created.`,
    });
    this.copies = copies;
  }
}

/** The restores' copies of `dbFile` (kept aside before one, or staged for one), newest first. */
export function copiesOfMissingDatabase(dbFile: string): string[] {
  const parsed = path.parse(dbFile);
  const found: { file: string; mtime: number }[] = [];
  const add = (file: string) => {
    try {
      const stat = fs.statSync(file);
      if (stat.isFile() && stat.size > 0) found.push({ file, mtime: stat.mtimeMs });
    } catch {
      // gone meanwhile
    }
  };
  const backups = backupsDirectoryOf(dbFile);
  if (fs.existsSync(backups)) {
    for (const name of fs.readdirSync(backups)) {
      if (name.startsWith(`${parsed.name}-before-restore-`) && name.endsWith('.db')) add(path.join(backups, name));
    }
  }
  for (const name of fs.readdirSync(parsed.dir || '.')) {
    if (name.startsWith(`${parsed.base}.restore-`) && name.endsWith('.tmp')) add(path.join(parsed.dir, name));
  }
  return found.sort((a, b) => b.mtime - a.mtime || b.file.localeCompare(a.file)).map((entry) => entry.file);
}
