// File moves that must survive a crash or a power cut: a database travels with its -wal and
// -shm, a rename is made durable by syncing the directory, and new files are written under a
// temporary name and renamed into place only when complete.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The files SQLite may keep beside a database. */
export const SIDE_SUFFIXES = ['-wal', '-shm', '-journal'] as const;

export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes renames and creations in `dir` durable. Windows cannot open a directory; NTFS journals its metadata. */
export function fsyncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** `2026-11-20T10-00-00-000Z`: sortable, and valid in a file name on every platform. */
export function fileStamp(now: Date = new Date()): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/** A name beside `file` for work in progress, unique to this call. */
export function temporarySibling(file: string, label: string): string {
  return `${file}.${label}-${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`;
}

/** Moves a database and whichever side files it has; the destination must not exist. */
export function moveDatabaseFiles(from: string, to: string): void {
  if (fs.existsSync(to)) throw new Error(`${to} already exists; not moving ${from} over it.`);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  // Side files first: a crash between the moves leaves the main file where it was, with
  // nothing stale beside it (a -wal without its database is ignored, not replayed).
  for (const suffix of SIDE_SUFFIXES) {
    if (fs.existsSync(from + suffix)) fs.renameSync(from + suffix, to + suffix);
  }
  fs.renameSync(from, to);
  fsyncDirectory(path.dirname(to));
  if (path.dirname(to) !== path.dirname(from)) fsyncDirectory(path.dirname(from));
}

/** Renames a complete file into place, durably, replacing what was there. */
export function installFile(temporary: string, target: string): void {
  fsyncFile(temporary);
  for (const suffix of SIDE_SUFFIXES) fs.rmSync(target + suffix, { force: true });
  fs.renameSync(temporary, target);
  fsyncDirectory(path.dirname(target));
}

/**
 * Writes a secret (a key, a token) so that no one else can read it, even for a moment, and a
 * crash leaves the old file or the new one, never half of one: a private temporary file,
 * flushed, renamed over the old one, and the rename made durable.
 */
export function writePrivateFile(file: string, contents: string | Uint8Array): void {
  const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.rmSync(temporary, { force: true });
  const fd = fs.openSync(temporary, 'wx', 0o600);
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  if (process.platform !== 'win32') fs.chmodSync(temporary, 0o600); // in case the umask took bits the mode needs
  fs.renameSync(temporary, file);
  fsyncDirectory(path.dirname(file));
}

/**
 * Keeps `file` at `aside` too, leaving `file` where it is: a hard link (no copying, the same
 * bytes), or where the file system has none (FAT on a USB stick), a copy synced before it is
 * renamed into place.
 */
export function keepAside(file: string, aside: string): void {
  fs.mkdirSync(path.dirname(aside), { recursive: true });
  try {
    fs.linkSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw error;
    const partial = temporarySibling(aside, 'partial');
    try {
      fs.copyFileSync(file, partial, fs.constants.COPYFILE_EXCL);
      fsyncFile(partial);
      fs.renameSync(partial, aside);
    } finally {
      fs.rmSync(partial, { force: true });
    }
  }
  fsyncDirectory(path.dirname(aside));
}
