// A lean reader of the first worksheet of an .xlsx file: cell values only, no styles.
//
// exceljs took 13 s and 1.2 GB to load a 100,000-row workbook (3.5 s with its streaming
// reader), which alone breaks the import's 5-second budget. An .xlsx file is a zip of XML
// parts; this unzips the three it needs with node:zlib and scans them with regular
// expressions, in a fraction of that. Styles are not read, so a date or time cell arrives
// as its Excel serial number; the import reads such numbers in date and time columns.
import zlib from 'node:zlib';

export type XlsxValue = string | number | boolean | Date | null;

export class XlsxReadError extends Error {}

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

function zipText(bytes: Buffer, entries: Map<string, ZipEntry>, name: string): string | null {
  const entry = entries.get(name);
  if (!entry) return null;
  const at = entry.localHeaderOffset;
  if (bytes.readUInt32LE(at) !== 0x04034b50) throw new XlsxReadError(`damaged zip entry ${name}`);
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data.toString('utf8');
  if (entry.method === 8) return zlib.inflateRawSync(data).toString('utf8');
  throw new XlsxReadError(`unsupported compression in ${name}`);
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

/** The text of an <si> or <is> element: its <t> runs, leaving out phonetic guides (<rPh>). */
function runText(xml: string): string {
  const plain = xml.includes('<rPh') ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : xml;
  let text = '';
  for (const match of plain.matchAll(/<t\b[^>]*?(?:\/>|>([\s\S]*?)<\/t>)/g)) text += match[1] ?? '';
  return decode(text);
}

function sharedStrings(xml: string | null): string[] {
  if (!xml) return [];
  const strings: string[] = [];
  for (const match of xml.matchAll(/<si\b[^>]*?(?:\/>|>([\s\S]*?)<\/si>)/g)) strings.push(runText(match[1] ?? ''));
  return strings;
}

/** The part holding the workbook's first sheet, from workbook.xml and its relationships. */
function firstSheetPath(bytes: Buffer, entries: Map<string, ZipEntry>): string {
  const workbook = zipText(bytes, entries, 'xl/workbook.xml');
  const rels = zipText(bytes, entries, 'xl/_rels/workbook.xml.rels');
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

function columnIndex(reference: string): number {
  let index = 0;
  for (const ch of reference) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    index = index * 26 + (code - 64);
  }
  return index - 1;
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
  if (type === 'inlineStr') return runText(/<is>([\s\S]*?)<\/is>/.exec(xml.slice(bodyFrom, bodyTo))?.[1] ?? '');
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

/** The rows of the first worksheet that hold anything, with their row numbers. */
export function readXlsxRows(input: Uint8Array): XlsxRow[] {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const entries = zipEntries(bytes);
  const strings = sharedStrings(zipText(bytes, entries, 'xl/sharedStrings.xml'));
  const sheet = zipText(bytes, entries, firstSheetPath(bytes, entries));
  if (sheet === null) throw new XlsxReadError('no worksheet');
  const rows: XlsxRow[] = [];
  let nextRow = 1;
  for (let at = findTag(sheet, '<row', 0, sheet.length); at >= 0; ) {
    const row = element(sheet, at, '<row', '</row>', sheet.length);
    if (!row) break;
    const [attributesFrom, attributesTo, bodyFrom, bodyTo, rowEnd] = row;
    const number = Number(attributeIn(sheet, 'r="', attributesFrom, attributesTo) ?? nextRow);
    nextRow = number + 1;
    const cells: XlsxValue[] = [];
    let nextColumn = 0;
    for (let c = findTag(sheet, '<c', bodyFrom, bodyTo); c >= 0; ) {
      const cell = element(sheet, c, '<c', '</c>', bodyTo);
      if (!cell) break;
      const reference = attributeIn(sheet, 'r="', cell[0], cell[1]);
      const column = reference ? columnIndex(reference) : nextColumn;
      nextColumn = column + 1;
      const value = cellValue(sheet, cell[0], cell[1], cell[2], cell[3], strings);
      while (cells.length < column) cells.push(null);
      cells[column] = value;
      c = findTag(sheet, '<c', cell[4], bodyTo);
    }
    if (cells.some((value) => value !== null && value !== '')) rows.push({ row: number, cells });
    at = findTag(sheet, '<row', rowEnd, sheet.length);
  }
  return rows;
}
