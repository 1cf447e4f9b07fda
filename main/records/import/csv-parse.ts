// A small RFC 4180 CSV reader for imported spreadsheets: quoted fields (with "" for a quote
// and line breaks inside), CRLF or LF line ends, a UTF-8 byte-order mark, and a comma or (as
// some European Excel installations save) a semicolon between fields.

/** The rows of a CSV text, each a list of raw field strings. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  eachCsvRecord(text, (row) => rows.push(row));
  return rows;
}

/**
 * Calls `onRecord` with each record of a CSV text and its 0-based index, as it is read, so a
 * caller can skip blank ones and stop (by throwing) before a huge file is all held in memory.
 */
export class CsvRecordTooWideError extends Error {}

export function eachCsvRecord(text: string, onRecord: (row: string[], index: number) => void, options: { maxFields?: number } = {}): void {
  const maxFields = options.maxFields ?? Number.POSITIVE_INFINITY;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = detectDelimiter(source);
  let index = 0;
  const rows = { push: (record: string[]) => onRecord(record, index++) };
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const length = source.length;
  while (i < length) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      // Copy a run of ordinary characters at once: most of a big file is plain text.
      const next = source.indexOf('"', i);
      const end = next === -1 ? length : next;
      field += source.slice(i, end);
      i = end;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === delimiter) {
      if (row.length >= maxFields) throw new CsvRecordTooWideError(`a record has more than ${maxFields} fields`);
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += ch === '\r' && source[i + 1] === '\n' ? 2 : 1;
    } else {
      let end = i + 1;
      while (end < length) {
        const c = source[end];
        if (c === delimiter || c === '\r' || c === '\n' || c === '"') break;
        end++;
      }
      field += source.slice(i, end);
      i = end;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
}

function detectDelimiter(text: string): ',' | ';' {
  const end = text.search(/\r|\n/);
  const header = end === -1 ? text : text.slice(0, end);
  return !header.includes(',') && header.includes(';') ? ';' : ',';
}
