// A lean reader of the first worksheet of an .xlsx file: cell values only, no styles.
//
// exceljs took 13 s and 1.2 GB to load a 100,000-row workbook (3.5 s with its streaming
// reader), which alone breaks the import's 5-second budget. An .xlsx file is a zip of XML
// parts; this unzips the three it needs with node:zlib and scans them with regular
// expressions, in a fraction of that. Styles are not read, so a date or time cell arrives
// as its Excel serial number; the import reads such numbers in date and time columns.
//
// A workbook is untrusted input that can ask for far more than its size (a zip bomb; a cell
// named ZZZZZZZ2 that would widen a row to billions of columns), so everything it can grow is
// bounded before it is allocated: unpacked bytes, Excel's own row and column limits, rows and
// cells kept. Every scan is linear (indexOf, not backtracking regular expressions).
import zlib from 'node:zlib';

export type XlsxValue = string | number | boolean | Date | null;

/** Excel's own limits: 1,048,576 rows and 16,384 columns (A to XFD). */
export const EXCEL_MAX_ROWS = 1_048_576;
export const EXCEL_MAX_COLUMNS = 16_384;

export interface XlsxLimits {
  /** Bytes of XML unpacked from the zip, all parts together (a zip bomb stops here). */
  maxUnpackedBytes: number;
  /** Rows holding anything. */
  maxRows: number;
  /** Cells kept, blanks before a cell in its row included (a row is as wide as its last cell). */
  maxCells: number;
}

export const DEFAULT_XLSX_LIMITS: XlsxLimits = {
  // A 200,000-row sheet of the import's layout unpacks to about 140 MB of XML.
  maxUnpackedBytes: 192 * 1024 * 1024,
  maxRows: 1_048_576,
  // 200,000 rows of 40 columns.
  maxCells: 8_000_000,
};

export type XlsxProblem = 'unreadable' | 'tooLarge' | 'outOfRange' | 'tooManyRows' | 'tooManyCells';

export class XlsxReadError extends Error {
  readonly problem: XlsxProblem;
  readonly values: Record<string, string | number>;
  constructor(message: string, problem: XlsxProblem = 'unreadable', values: Record<string, string | number> = {}) {
    super(message);
    this.problem = problem;
    this.values = values;
  }
}

// ---------------------------------------------------------------------------------------
// Zip

interface ZipEntry {
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

function zipEntries(bytes: Buffer): Map<string, ZipEntry> {
  // The end-of-central-directory record sits in the last 22 bytes plus any comment (< 64 KiB).
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxReadError('not a zip file');
  const count = bytes.readUInt16LE(eocd + 10);
  let offset = bytes.readUInt32LE(eocd + 16);
  const entries = new Map<string, ZipEntry>();
  for (let n = 0; n < count; n++) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== 0x02014b50) throw new XlsxReadError('damaged zip directory');
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    const name = bytes.toString('utf8', offset + 46, offset + 46 + nameLength);
    entries.set(name, {
      method: bytes.readUInt16LE(offset + 10),
      compressedSize: bytes.readUInt32LE(offset + 20),
      localHeaderOffset: bytes.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The parts of one workbook, unpacked against one shared budget of bytes. */
class ZipReader {
  private unpacked = 0;
  private readonly bytes: Buffer;
  private readonly entries: Map<string, ZipEntry>;
  private readonly maxUnpackedBytes: number;
  constructor(bytes: Buffer, entries: Map<string, ZipEntry>, maxUnpackedBytes: number) {
    this.bytes = bytes;
    this.entries = entries;
    this.maxUnpackedBytes = maxUnpackedBytes;
  }

  private tooLarge(): XlsxReadError {
    const megabytes = Math.floor(this.maxUnpackedBytes / 1024 / 1024);
    return new XlsxReadError(`the workbook unpacks to more than ${megabytes} MB`, 'tooLarge', { megabytes });
  }

  text(name: string): string | null {
    const entry = this.entries.get(name);
    if (!entry) return null;
    const { bytes } = this;
    const at = entry.localHeaderOffset;
    if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== 0x04034b50) throw new XlsxReadError(`damaged zip entry ${name}`);
    const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
    const data = bytes.subarray(start, start + entry.compressedSize);
    const remaining = this.maxUnpackedBytes - this.unpacked;
    let unpacked: Buffer;
    if (entry.method === 0) unpacked = data;
    else if (entry.method === 8) {
      // zlib stops as soon as the output would pass the budget: a bomb never gets further.
      try {
        unpacked = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, remaining) });
      } catch (error) {
        if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw this.tooLarge();
        throw new XlsxReadError(`damaged zip entry ${name}: ${(error as Error).message}`);
      }
    } else throw new XlsxReadError(`unsupported compression in ${name}`);
    this.unpacked += unpacked.length;
    if (this.unpacked > this.maxUnpackedBytes) throw this.tooLarge();
    return unpacked.toString('utf8');
  }
}

// ---------------------------------------------------------------------------------------
// XML

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) =>
    entity[0] === '#'
      ? String.fromCodePoint(entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10))
      : entities[entity]!,
  );
}

const attributePatterns = new Map<string, RegExp>();

function attribute(attributes: string, name: string): string | undefined {
  let pattern = attributePatterns.get(name);
  if (!pattern) attributePatterns.set(name, (pattern = new RegExp(`(?:^|\\s)${name}="([^"]*)"`)));
  const match = pattern.exec(attributes);
  return match ? match[1] : undefined;
}

/** The text of an <si> or <is> element in xml[from, to): its <t> runs, leaving out phonetic guides (<rPh>). */
function runText(xml: string, from = 0, to = xml.length): string {
  let text = '';
  let at = from;
  while (at < to) {
    const t = findTag(xml, '<t', at, to);
    if (t < 0) break;
    const phonetic = findTag(xml, '<rPh', at, t);
    if (phonetic >= 0) {
      // Skip the whole guide, and any <t> inside it; an unclosed guide ends the text.
      const end = xml.indexOf('</rPh>', phonetic);
      if (end < 0 || end >= to) break;
      at = end + '</rPh>'.length;
      continue;
    }
    const run = element(xml, t, '<t', '</t>', to);
    if (!run) break;
    text += xml.slice(run[2], run[3]);
    at = run[4];
  }
  return decode(text);
}

function sharedStrings(xml: string | null): string[] {
  if (!xml) return [];
  const strings: string[] = [];
  for (let at = findTag(xml, '<si', 0, xml.length); at >= 0; ) {
    const item = element(xml, at, '<si', '</si>', xml.length);
    if (!item) break;
    strings.push(runText(xml, item[2], item[3]));
    at = findTag(xml, '<si', item[4], xml.length);
  }
  return strings;
}

/** The part holding the workbook's first sheet, from workbook.xml and its relationships. */
function firstSheetPath(zip: ZipReader): string {
  const workbook = zip.text('xl/workbook.xml');
  const rels = zip.text('xl/_rels/workbook.xml.rels');
  const sheet = workbook ? /<sheet\b([^>]*)>/.exec(workbook) : null;
  const id = sheet ? attribute(sheet[1]!, 'r:id') : undefined;
  if (id && rels) {
    for (const match of rels.matchAll(/<Relationship\b([^>]*)>/g)) {
      if (attribute(match[1]!, 'Id') === id) {
        const target = attribute(match[1]!, 'Target') ?? '';
        return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
      }
    }
  }
  return 'xl/worksheets/sheet1.xml';
}

/** The 0-based column of a cell reference such as `AB12`; refuses one past XFD (ZZZZZZZ2). */
function columnIndex(reference: string): number {
  let index = 0;
  for (let i = 0; i < reference.length; i++) {
    const code = reference.charCodeAt(i);
    if (code < 65 || code > 90) break;
    index = index * 26 + (code - 64);
    if (index > EXCEL_MAX_COLUMNS) throw outOfRange(reference);
  }
  return index - 1;
}

function outOfRange(reference: string): XlsxReadError {
  const cell = reference.length > 20 ? `${reference.slice(0, 20)}…` : reference;
  return new XlsxReadError(`cell ${cell} is beyond Excel's limits`, 'outOfRange', { cell });
}

export interface XlsxRow {
  row: number;
  cells: XlsxValue[];
}

const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;
/** Whether the character after a tag name ends it, as \b does in /<c\b/: not [A-Za-z0-9_]. */
const endsName = (code: number) =>
  !((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95);

// The sheet is scanned with indexOf, inside bounds, without slicing out rows or attributes:
// regular expressions over the 69 MB of XML of a 100,000-row sheet took ~1.7 s, and a first
// indexOf version that sliced and yielded each element ~1.4 s, most of the import's budget.

/** Where the next <name ...> tag starts in xml[from, to), or -1 (`name` ends as \b would). */
function findTag(xml: string, open: string, from: number, to: number): number {
  for (let at = xml.indexOf(open, from); at >= 0 && at < to; at = xml.indexOf(open, at + open.length)) {
    if (at + open.length < xml.length && endsName(xml.charCodeAt(at + open.length))) return at;
  }
  return -1;
}

/** The value of the attribute `key` (`name="`) in the tag's attributes xml[from, to), as /(?:^|\s)name="([^"]*)"/ finds it. */
function attributeIn(xml: string, key: string, from: number, to: number): string | undefined {
  for (let at = xml.indexOf(key, from); at >= 0 && at + key.length <= to; at = xml.indexOf(key, at + 1)) {
    if (at === from || isSpace(xml.charCodeAt(at - 1))) {
      const end = xml.indexOf('"', at + key.length);
      return end < 0 || end >= to ? undefined : xml.slice(at + key.length, end);
    }
  }
  return undefined;
}

function cellValue(xml: string, attributesFrom: number, attributesTo: number, bodyFrom: number, bodyTo: number, strings: readonly string[]): XlsxValue {
  const type = attributeIn(xml, 't="', attributesFrom, attributesTo) ?? 'n';
  if (type === 'inlineStr') {
    const is = findTag(xml, '<is', bodyFrom, bodyTo);
    const inline = is < 0 ? null : element(xml, is, '<is', '</is>', bodyTo);
    return inline ? runText(xml, inline[2], inline[3]) : '';
  }
  const v = bodyFrom < bodyTo ? xml.indexOf('<v>', bodyFrom) : -1;
  const vEnd = v < 0 || v >= bodyTo ? -1 : xml.indexOf('</v>', v + 3);
  if (vEnd < 0 || vEnd + 4 > bodyTo) return null;
  const raw = xml.slice(v + 3, vEnd);
  if (type === 's') return strings[Number(raw)] ?? null;
  if (type === 'str') return decode(raw);
  if (type === 'b') return raw === '1';
  if (type === 'e') return null;
  if (type === 'd') return new Date(raw.endsWith('Z') || raw.length === 10 ? raw : `${raw}Z`);
  return Number(raw);
}

/**
 * The element <name ...> starting at `at`: where its attributes are, and its body (from =
 * to when it is self-closing), and where it ends; null when it is not closed before `to`.
 */
function element(xml: string, at: number, open: string, close: string, to: number): [number, number, number, number, number] | null {
  const tagEnd = xml.indexOf('>', at);
  if (tagEnd < 0 || tagEnd >= to) return null;
  const attributesFrom = at + open.length;
  if (xml.charCodeAt(tagEnd - 1) === 47 /* / */) return [attributesFrom, tagEnd - 1, tagEnd + 1, tagEnd + 1, tagEnd + 1];
  const end = xml.indexOf(close, tagEnd + 1);
  if (end < 0 || end + close.length > to) return null;
  return [attributesFrom, tagEnd, tagEnd + 1, end, end + close.length];
}

/** The row number of a <row r="..."> (or the one after the last), within Excel's limits. */
function rowNumber(given: string | undefined, next: number): number {
  const number = given === undefined ? next : /^\d{1,7}$/.test(given) ? Number(given) : Number.NaN;
  if (!(number >= 1 && number <= EXCEL_MAX_ROWS)) throw outOfRange(`row ${String(given ?? next).slice(0, 20)}`);
  return number;
}

/** The rows of the first worksheet that hold anything, with their row numbers. */
export function readXlsxRows(input: Uint8Array, limits: XlsxLimits = DEFAULT_XLSX_LIMITS): XlsxRow[] {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const zip = new ZipReader(bytes, zipEntries(bytes), limits.maxUnpackedBytes);
  const strings = sharedStrings(zip.text('xl/sharedStrings.xml'));
  const sheet = zip.text(firstSheetPath(zip));
  if (sheet === null) throw new XlsxReadError('no worksheet');
  const rows: XlsxRow[] = [];
  let cellsKept = 0;
  let nextRow = 1;
  for (let at = findTag(sheet, '<row', 0, sheet.length); at >= 0; ) {
    const row = element(sheet, at, '<row', '</row>', sheet.length);
    if (!row) break;
    const [attributesFrom, attributesTo, bodyFrom, bodyTo, rowEnd] = row;
    const number = rowNumber(attributeIn(sheet, 'r="', attributesFrom, attributesTo), nextRow);
    nextRow = number + 1;
    const cells: XlsxValue[] = [];
    let nextColumn = 0;
    for (let c = findTag(sheet, '<c', bodyFrom, bodyTo); c >= 0; ) {
      const cell = element(sheet, c, '<c', '</c>', bodyTo);
      if (!cell) break;
      const reference = attributeIn(sheet, 'r="', cell[0], cell[1]);
      const column = reference ? columnIndex(reference) : nextColumn;
      if (column >= EXCEL_MAX_COLUMNS) throw outOfRange(reference ?? `column ${column + 1}`);
      nextColumn = column + 1;
      const value = cellValue(sheet, cell[0], cell[1], cell[2], cell[3], strings);
      if (value !== null && value !== '') {
        // Checked before the row is widened: the blanks before a far cell are allocated too.
        if (cellsKept + Math.max(cells.length, column + 1) > limits.maxCells) {
          throw new XlsxReadError('too many cells', 'tooManyCells', { max: limits.maxCells });
        }
        while (cells.length < column) cells.push(null);
        cells[column] = value;
      }
      c = findTag(sheet, '<c', cell[4], bodyTo);
    }
    if (cells.length > 0) {
      if (rows.length >= limits.maxRows) throw new XlsxReadError('too many rows', 'tooManyRows', { max: limits.maxRows });
      rows.push({ row: number, cells });
      cellsKept += cells.length;
    }
    at = findTag(sheet, '<row', rowEnd, sheet.length);
  }
  return rows;
}
