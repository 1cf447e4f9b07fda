// The support export: the log files as one plain-text download a volunteer can email to their
// IT contact. Every line is redacted again on the way out, so a line written by an older
// version, or by a library, cannot carry record content or a token out of the device.
import fs from 'node:fs';
import path from 'node:path';
import { redact } from './redact.ts';

export interface SupportLogBundle {
  fileName: string;
  mediaType: 'text/plain';
  text: string;
  files: { name: string; bytes: number }[];
}

export interface BundleOptions {
  now: Date;
  appVersion?: string;
  /** At most this much of the end of each file (the newest lines). */
  maxBytesPerFile?: number;
}

const DEFAULT_MAX_BYTES_PER_FILE = 2 * 1024 * 1024;

function tail(file: string, maxBytes: number): { text: string; bytes: number; cut: boolean } {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, size - length);
    let text = buffer.toString('utf8');
    if (length < size) text = text.slice(text.indexOf('\n') + 1); // start on a whole line
    return { text, bytes: size, cut: length < size };
  } finally {
    fs.closeSync(fd);
  }
}

export function bundleLogs(files: readonly string[], options: BundleOptions): SupportLogBundle {
  const stamp = options.now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const sections: string[] = [
    'Outreach Tally support log',
    `Exported: ${options.now.toISOString()}`,
    ...(options.appVersion ? [`Version: ${options.appVersion}`] : []),
    `Platform: ${process.platform} ${process.arch}`,
    'These logs hold error codes and technical details only: no names, notes or records.',
  ];
  const listed: SupportLogBundle['files'] = [];
  for (const file of files) {
    let content: { text: string; bytes: number; cut: boolean };
    try {
      content = tail(file, options.maxBytesPerFile ?? DEFAULT_MAX_BYTES_PER_FILE);
    } catch {
      continue; // rotated away between listing and reading
    }
    const name = path.basename(file);
    listed.push({ name, bytes: content.bytes });
    const lines = content.text.split('\n').map((line) => redact(line));
    sections.push('', `===== ${name} (${content.bytes} bytes${content.cut ? ', newest part only' : ''}) =====`, lines.join('\n').trimEnd());
  }
  if (listed.length === 0) sections.push('', '(no log files yet)');
  return { fileName: `outreach-tally-logs-${stamp}.txt`, mediaType: 'text/plain', text: `${sections.join('\n')}\n`, files: listed };
}
