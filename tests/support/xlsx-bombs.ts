// Hostile workbooks, made in the test rather than kept as files: a minimal zip writer (stored
// or deflated entries, no zip64) and the bombs the XLSX reader must refuse cheaply.
import zlib from 'node:zlib';

interface ZipPart {
  name: string;
  /** Deflated bytes (raw deflate) and the length they unpack to, or plain bytes to deflate. */
  data: Buffer;
  deflated?: { unpackedLength: number };
}

// CRC-32 as zip files use it; the reader never checks it, but a real spreadsheet program would.
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function zip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const packed = part.deflated ? part.data : zlib.deflateRawSync(part.data, { level: 9 });
    const unpackedLength = part.deflated ? part.deflated.unpackedLength : part.data.length;
    const crc = part.deflated ? 0 : crc32(part.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(Math.min(unpackedLength, 0xffffffff), 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(8, 10);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(packed.length, 20);
    header.writeUInt32LE(Math.min(unpackedLength, 0xffffffff), 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    central.push(header, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const workbookParts = (): ZipPart[] => [
  {
    name: '[Content_Types].xml',
    data: Buffer.from(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
  },
  {
    name: 'xl/workbook.xml',
    data: Buffer.from(
      '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
  },
  {
    name: 'xl/_rels/workbook.xml.rels',
    data: Buffer.from(
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
  },
];

const sheetXml = (rows: string) =>
  `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;

/** A workbook whose first sheet holds these <row> elements. */
export function workbookWithRows(rows: string): Buffer {
  return zip([...workbookParts(), { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheetXml(rows)) }]);
}

/** Under a kilobyte: a header cell, and one cell named far past Excel's last column (ZZZZZZZ2). */
export function farCellWorkbook(reference = 'ZZZZZZZ2'): Buffer {
  return workbookWithRows(`<row r="1"><c r="A1" t="inlineStr"><is><t>date</t></is></c></row><row r="2"><c r="${reference}" t="b"><v>1</v></c></row>`);
}

/**
 * A zip bomb: a sheet part of `packedMegabytes` MB that unpacks to about a thousand times that
 * (1 MB of XML deflates to ~1 KB; the copies are sync-flushed blocks laid end to end, so the
 * bomb is made in milliseconds without ever holding what it unpacks to).
 */
export function zipBombWorkbook(packedMegabytes = 2): Buffer {
  const filler = Buffer.from('<row><c t="inlineStr"><is><t>x</t></is></c></row>'.repeat(20_000)); // ~1 MB
  const block = zlib.deflateRawSync(filler, { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const copies = Math.ceil((packedMegabytes * 1024 * 1024) / block.length);
  const head = zlib.deflateRawSync(Buffer.from(sheetXml('').replace('</sheetData></worksheet>', '')), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const tail = zlib.deflateRawSync(Buffer.from('</sheetData></worksheet>'));
  const data = Buffer.concat([head, ...Array.from({ length: copies }, () => block), tail]);
  return zip([...workbookParts(), { name: 'xl/worksheets/sheet1.xml', data, deflated: { unpackedLength: filler.length * copies } }]);
}
