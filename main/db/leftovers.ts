// Work in progress that a crash left behind. Every intermediate file this app writes for a
// database — a copy being encrypted, a partial backup, a staged restore, a file being
// downloaded, a secret being replaced — is named `<target>.<label>-<pid>-<hex>.tmp` (or
// `<target>.<pid>.tmp`) beside the database or in its backups folder (files.ts), so one sweep
// at each open finds them all. A copy from before encryption holds every record readable
// without the key: each leftover is overwritten, synced, then deleted, so its bytes do not
// linger in the file's old blocks for whoever gets the disk next.
import fs from 'node:fs';
import path from 'node:path';
import { SIDE_SUFFIXES } from './files.ts';
import { backupsDirectoryOf } from './snapshot.ts';

// `name.label-1234-0a1b2c3d.tmp`, `name.1234.tmp`, and their -journal / -wal / -shm.
const TEMPORARY = new RegExp(`\\.(?:[a-z-]+-)?(\\d+)(?:-[0-9a-f]{8})?\\.tmp(?:${SIDE_SUFFIXES.join('|')})?$`);

/** Whether a process with this id is running (then its temporary file may be in use). */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Overwrites a file with zeros, syncs it, and deletes it. */
export function shredFile(file: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r+');
    const size = fs.fstatSync(fd).size;
    const zeros = Buffer.alloc(Math.min(size, 1024 * 1024));
    for (let offset = 0; offset < size; offset += zeros.length) {
      fs.writeSync(fd, zeros, 0, Math.min(zeros.length, size - offset), offset);
    }
    fs.fsyncSync(fd);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    // Cannot overwrite (read-only media): deleting is still better than leaving it.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  fs.rmSync(file, { force: true });
}

/** The leftover temporary files of `dbFile`: beside it (named after it) and in its backups folder. */
export function leftoverFiles(dbFile: string): string[] {
  const found: string[] = [];
  const scan = (dir: string, belongs: (name: string) => boolean) => {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const match = TEMPORARY.exec(name);
      if (!match || !belongs(name) || isRunning(Number(match[1]))) continue;
      const file = path.join(dir, name);
      try {
        if (fs.lstatSync(file).isFile()) found.push(file);
      } catch {
        // gone meanwhile
      }
    }
  };
  const base = path.basename(dbFile);
  scan(path.dirname(dbFile), (name) => name.startsWith(`${base}.`));
  scan(backupsDirectoryOf(dbFile), () => true);
  return found.sort();
}

/** Overwrites and deletes every leftover of `dbFile`'s earlier runs; returns what it removed. */
export function sweepLeftovers(dbFile: string): string[] {
  if (dbFile === ':memory:') return [];
  const leftovers = leftoverFiles(dbFile);
  for (const file of leftovers) shredFile(file);
  return leftovers;
}
