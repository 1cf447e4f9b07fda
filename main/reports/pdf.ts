// The monthly summary as a PDF (pdfkit): the organisation's name and the month, the headline
// figures, each section as a bar chart (drawn with vector shapes, every bar labelled with its
// value, so colour carries nothing on its own) or a table, and "Page n of m" on every page.
//
// It uses the PDF standard fonts (Helvetica), which cover Western European text; characters
// outside them (a site name in Bengali script, say) are printed as "?". Shipping a Unicode
// font would lift that.
import PDFDocument from 'pdfkit';
import type { MonthlySummary } from './figures.ts';
import { aboutRows, summarySections, type Cell, type CellKind, type ExportContext, type Section } from './sections.ts';

const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const TEXT = '#212b32';
const MUTED = '#4c6272';
const RULE = '#d8dde0';
const BAR = '#005eb8';
const PANEL = '#f0f4f5';
const MARGIN = { top: 56, bottom: 64, left: 50, right: 50 };
/** Sites listed in the PDF (all of them are in the CSV and XLSX files). */
export const PDF_SITES_SHOWN = 40;

// Windows-1252 beyond Latin-1: what the standard fonts can show besides U+0020..U+00FF.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Text the standard fonts can draw: anything else becomes "?" rather than a wrong glyph. */
export function pdfSafe(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    out += (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch) ? ch : code === 0x2009 || code === 0x202f ? ' ' : '?';
  }
  return out;
}

type Doc = PDFKit.PDFDocument;

class Layout {
  readonly doc: Doc;
  readonly context: ExportContext;
  constructor(doc: Doc, context: ExportContext) {
    this.doc = doc;
    this.context = context;
  }

  get left() {
    return MARGIN.left;
  }
  get width() {
    return this.doc.page.width - MARGIN.left - MARGIN.right;
  }
  get bottom() {
    return this.doc.page.height - MARGIN.bottom;
  }

  /** Starts a new page unless `height` points fit below the cursor. */
  room(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  /** Cuts text to a width, ending in "…" when it had to be cut. */
  fit(text: string, width: number, font = FONT, size = 9): string {
    const doc = this.doc.font(font).fontSize(size);
    const safe = pdfSafe(text);
    if (doc.widthOfString(safe) <= width) return safe;
    let cut = safe;
    while (cut.length > 1 && doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1);
    return `${cut}…`;
  }

  /**
   * One line of text at (x, y), cut to fit `width`. No width goes to pdfkit, so it never wraps
   * a line (with a width it may, whatever lineBreak says); right alignment is done here.
   */
  put(text: string, x: number, y: number, width: number, options: { font?: string; size?: number; align?: 'left' | 'right'; colour?: string } = {}): void {
    const font = options.font ?? FONT;
    const size = options.size ?? 9;
    const fitted = this.fit(text, width, font, size);
    const offset = options.align === 'right' ? width - this.doc.widthOfString(fitted) : 0;
    this.doc.font(font).fontSize(size).fillColor(options.colour ?? TEXT).text(fitted, x + offset, y, { lineBreak: false });
  }

  cellText(value: Cell, kind: CellKind): string {
    if (value === null) return '–';
    if (typeof value === 'number') return this.context.formatNumber(value);
    return kind === 'day' ? this.context.formatDay(value) : value;
  }

  heading(text: string, size = 14): void {
    // Keep a heading with the first lines of what it heads.
    this.room(size * 3 + 48);
    this.doc.moveDown(0.6);
    this.doc.font(BOLD).fontSize(size).fillColor(TEXT).text(pdfSafe(text), this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
  }

  headline(section: Section): void {
    const perRow = 4;
    const gap = 8;
    const boxWidth = (this.width - gap * (perRow - 1)) / perRow;
    const boxHeight = 58;
    const rows = section.rows;
    for (let start = 0; start < rows.length; start += perRow) {
      this.room(boxHeight + gap);
      const top = this.doc.y;
      rows.slice(start, start + perRow).forEach((row, i) => {
        const x = this.left + i * (boxWidth + gap);
        this.doc.rect(x, top, boxWidth, boxHeight).fill(PANEL);
        this.put(String(row[1]), x + 6, top + 7, boxWidth - 12, { size: 8.5, colour: MUTED });
        this.put(this.cellText(row[2] ?? null, 'decimal'), x + 6, top + 26, boxWidth - 12, { font: BOLD, size: 18 });
      });
      this.doc.x = this.left;
      this.doc.y = top + boxHeight + gap;
    }
  }

  /** Horizontal bars: label, bar, value; the value is printed, so no bar needs its colour read. */
  barChart(section: Section): void {
    const chart = section.chart!;
    const rowHeight = 13;
    const labelWidth = Math.min(200, this.width * 0.4);
    const valueWidth = 56;
    const barSpace = this.width - labelWidth - valueWidth - 8;
    const values = section.rows.map((row) => Number(row[chart.value] ?? 0));
    const max = Math.max(1, ...values);
    const labelKind = section.columns[chart.label]!.kind;
    this.doc.font(FONT).fontSize(8).fillColor(MUTED);
    this.room(rowHeight * 2);
    this.doc.text(pdfSafe(`${section.columns[chart.label]!.label} / ${section.columns[chart.value]!.label}`), this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.2);
    section.rows.forEach((row, i) => {
      this.room(rowHeight);
      const top = this.doc.y;
      const value = values[i]!;
      const label = this.cellText(row[chart.label] ?? '', labelKind);
      this.put(label, this.left, top + 2, labelWidth - 6);
      const barWidth = value > 0 ? Math.max(1, (value / max) * barSpace) : 0;
      if (barWidth > 0) this.doc.rect(this.left + labelWidth, top + 1.5, barWidth, rowHeight - 4).fill(BAR);
      this.put(this.context.formatNumber(value), this.left + labelWidth + barWidth + 4, top + 2, valueWidth);
      this.doc.x = this.left;
      this.doc.y = top + rowHeight;
    });
    this.doc.moveDown(0.5);
  }

  /** A table; with `limit`, its first rows and a note of how many the spreadsheets hold. */
  table(full: Section, limit?: number): void {
    // Without the machine-readable code columns, which the spreadsheets carry.
    const keep = full.columns.map((c, i) => (c.machine ? -1 : i)).filter((i) => i >= 0);
    const section: Section = { ...full, columns: keep.map((i) => full.columns[i]!), rows: full.rows.map((row) => keep.map((i) => row[i] ?? null)) };
    const numeric = (kind: CellKind) => kind === 'integer' || kind === 'decimal';
    const numericWidth = 72;
    const dayWidth = 74;
    const fixed = section.columns.reduce((sum, c) => sum + (numeric(c.kind) ? numericWidth : c.kind === 'day' ? dayWidth : 0), 0);
    const textColumns = section.columns.filter((c) => c.kind === 'text').length;
    const textWidth = textColumns > 0 ? Math.max(60, (this.width - fixed) / textColumns) : 0;
    const widths = section.columns.map((c) => (numeric(c.kind) ? numericWidth : c.kind === 'day' ? dayWidth : textWidth));
    const rowHeight = 14;
    const ruleUnder = (y: number) =>
      this.doc
        .moveTo(this.left, y)
        .lineTo(this.left + widths.reduce((a, b) => a + b, 0), y)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
    const drawRow = (cells: string[]) => {
      const top = this.doc.y;
      let x = this.left;
      cells.forEach((text, i) => {
        const align = numeric(section.columns[i]!.kind) ? 'right' : 'left';
        this.put(text, x + 3, top + 3, widths[i]! - 6, { size: 8.5, align });
        x += widths[i]!;
      });
      ruleUnder(top + rowHeight);
      this.doc.x = this.left;
      this.doc.y = top + rowHeight;
    };
    // Column names may take two or three lines (a narrow number column); values never wrap.
    const drawHeader = () => {
      this.doc.font(BOLD).fontSize(8.5);
      const height = Math.max(...section.columns.map((c, i) => this.doc.heightOfString(pdfSafe(c.label), { width: widths[i]! - 6 }))) + 6;
      this.room(height + rowHeight * 2);
      const top = this.doc.y;
      let x = this.left;
      section.columns.forEach((c, i) => {
        const align = numeric(c.kind) ? 'right' : 'left';
        this.doc.font(BOLD).fontSize(8.5).fillColor(TEXT).text(pdfSafe(c.label), x + 3, top + 3, { width: widths[i]! - 6, align });
        x += widths[i]!;
      });
      ruleUnder(top + height);
      this.doc.x = this.left;
      this.doc.y = top + height;
    };
    drawHeader();
    const rows = limit === undefined ? section.rows : section.rows.slice(0, limit);
    for (const row of rows) {
      // The header again at the top of a new page, so a column never loses its name.
      if (this.doc.y + rowHeight > this.bottom) {
        this.doc.addPage();
        drawHeader();
      }
      drawRow(row.map((cell, i) => this.cellText(cell, section.columns[i]!.kind)));
    }
    if (rows.length < section.rows.length) {
      this.room(rowHeight * 2);
      this.doc.moveDown(0.3);
      this.put(this.context.t('report.pdfMoreRows', { shown: rows.length, total: section.rows.length }), this.left, this.doc.y, this.width, { colour: MUTED });
      this.doc.y += rowHeight;
    }
    this.doc.moveDown(0.5);
  }
}

export function summaryPdf(summary: MonthlySummary, context: ExportContext): Promise<Buffer> {
  const { t } = context;
  const month = context.monthName(summary.month);
  const title = `${t('report.title')}: ${month}`;
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: t.language,
    displayTitle: true,
    info: {
      Title: pdfSafe(`${summary.organisationName}: ${title}`),
      Author: pdfSafe(summary.organisationName),
      Subject: pdfSafe(title),
      Creator: 'Outreach Tally',
      CreationDate: new Date(summary.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const layout = new Layout(doc, context);
  doc.font(BOLD).fontSize(20).fillColor(TEXT).text(pdfSafe(summary.organisationName), { width: layout.width });
  doc.font(FONT).fontSize(14).fillColor(TEXT).text(pdfSafe(title), { width: layout.width });
  doc.moveDown(0.4);
  for (const [label, value] of aboutRows(summary, context).slice(2)) {
    doc.font(BOLD).fontSize(9).fillColor(MUTED).text(pdfSafe(`${label}: `), { continued: true, width: layout.width });
    doc.font(FONT).fillColor(MUTED).text(pdfSafe(value), { width: layout.width });
  }

  for (const section of summarySections(summary, context)) {
    layout.heading(section.title);
    if (section.id === 'headline') layout.headline(section);
    else if (section.id === 'trend') {
      layout.barChart(section);
      layout.table(section);
    } else if (section.chart) layout.barChart(section);
    else layout.table(section, section.id === 'sites' ? PDF_SITES_SHOWN : undefined);
  }

  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    // Below the bottom margin: lift it while writing, or pdfkit would start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const footer = pdfSafe(`${summary.organisationName} · ${title} · ${t('report.pageOf', { page: i + 1, pages: pages.count })}`);
    doc.font(FONT).fontSize(8).fillColor(MUTED).text(footer, MARGIN.left, doc.page.height - 40, { width: layout.width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
