// The monthly summary as a PDF (pdfkit): the organisation's name and the month, the headline
// figures, each section as a bar chart (drawn with vector shapes, every bar labelled with its
// value, so colour carries nothing on its own) or a table, and "Page n of m" on every page.
//
// A tagged PDF: a structure tree in reading order (Document > H1, P, Sect > H2, Table with TH
// headers scoped to their column or row, Figure with a text alternative for each chart), the
// document's language and title; rules, panels and page footers are marked as artifacts.
//
// It uses the PDF standard fonts (Helvetica), which cover Western European text; characters
// outside them (a site name in Bengali script, say) are printed as "?". Shipping a Unicode
// font would lift that.
import PDFDocument from 'pdfkit';
import type { Cell, CellKind, ExportContext, ReportDocument, Section } from './sections.ts';

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
type Struct = PDFKit.PDFStructureElement;
/** pdfkit takes a table header's scope (its types do not say so). */
type TagOptions = { title?: string; lang?: string; alt?: string; scope?: 'Column' | 'Row' };

class Layout {
  readonly doc: Doc;
  readonly context: ExportContext;
  /** The structure element new content goes in (the Document, or a section). */
  parent: Struct;
  constructor(doc: Doc, context: ExportContext, root: Struct) {
    this.doc = doc;
    this.context = context;
    this.parent = root;
  }

  /** A structure element under `parent`, whose content is what `draw` puts on the page. */
  tag(type: string, draw: (() => void) | null, options: TagOptions = {}, parent: Struct = this.parent): Struct {
    const element = this.doc.struct(type, options as PDFKit.Mixins.StructureElementOptions);
    parent.add(element);
    if (draw) element.add(draw);
    return element;
  }

  /** Drawing that carries no meaning of its own (a rule, a panel, a repeated header): outside the structure tree. */
  artifact(draw: () => void, type: 'Layout' | 'Pagination' = 'Layout'): void {
    this.doc.markContent('Artifact', { type });
    draw();
    this.doc.endMarkedContent();
  }

  /** A section: its heading and content under one Sect element. */
  section(title: string, body: () => void): void {
    const outer = this.parent;
    const sect = this.tag('Sect', null, {}, outer);
    this.parent = sect;
    this.heading(title);
    body();
    sect.end();
    this.parent = outer;
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
    if (this.doc.y + height > this.bottom) this.doc.continueOnNewPage();
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

  heading(text: string, size = 14, level: 'H1' | 'H2' = 'H2'): void {
    // Keep a heading with the first lines of what it heads.
    this.room(size * 3 + 48);
    this.doc.moveDown(0.6);
    this.tag(level, () => this.doc.font(BOLD).fontSize(size).fillColor(TEXT).text(pdfSafe(text), this.left, this.doc.y, { width: this.width }));
    this.doc.moveDown(0.3);
  }

  paragraph(text: string, options: { size?: number; colour?: string; font?: string } = {}): void {
    this.tag('P', () =>
      this.doc
        .font(options.font ?? FONT)
        .fontSize(options.size ?? 9)
        .fillColor(options.colour ?? TEXT)
        .text(pdfSafe(text), this.left, this.doc.y, { width: this.width }),
    );
  }

  /** The headline figures as tiles: read as a two-column table, each measure the header of its value. */
  headline(section: Section): void {
    const perRow = 4;
    const gap = 8;
    const boxWidth = (this.width - gap * (perRow - 1)) / perRow;
    const boxHeight = 58;
    const rows = section.rows;
    const table = this.tag('Table', null);
    for (let start = 0; start < rows.length; start += perRow) {
      this.room(boxHeight + gap);
      const top = this.doc.y;
      rows.slice(start, start + perRow).forEach((row, i) => {
        const x = this.left + i * (boxWidth + gap);
        this.artifact(() => this.doc.rect(x, top, boxWidth, boxHeight).fill(PANEL));
        const tr = this.tag('TR', null, {}, table);
        this.tag('TH', () => this.put(String(row[1]), x + 6, top + 7, boxWidth - 12, { size: 8.5, colour: MUTED }), { scope: 'Row' }, tr);
        this.tag('TD', () => this.put(this.cellText(row[2] ?? null, 'decimal'), x + 6, top + 26, boxWidth - 12, { font: BOLD, size: 18 }), {}, tr);
        tr.end();
      });
      this.doc.x = this.left;
      this.doc.y = top + boxHeight + gap;
    }
    table.end();
  }

  /** The words a chart stands for, read instead of its drawing: "Topic / Conversations: Bowel screening 120; ...". */
  chartText(section: Section): string {
    const chart = section.chart!;
    const labelKind = section.columns[chart.label]!.kind;
    const items = section.rows.map((row) => `${this.cellText(row[chart.label] ?? '', labelKind)} ${this.context.formatNumber(Number(row[chart.value] ?? 0))}`);
    return `${this.context.t('report.pdfChartAlt', { title: section.title, label: section.columns[chart.label]!.label, value: section.columns[chart.value]!.label })} ${items.join('; ')}.`;
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
    this.room(rowHeight * 2);
    // One Figure: a reader hears its text alternative, not each bar and label.
    this.tag(
      'Figure',
      () => {
        this.doc.font(FONT).fontSize(8).fillColor(MUTED);
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
      },
      { alt: pdfSafe(this.chartText(section)) },
    );
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
      this.artifact(() =>
        this.doc
          .moveTo(this.left, y)
          .lineTo(this.left + widths.reduce((a, b) => a + b, 0), y)
          .lineWidth(0.5)
          .strokeColor(RULE)
          .stroke(),
      );
    const table = this.tag('Table', null);
    // The first text column names the row (a topic, a borough): a header for the row's figures.
    const rowHeader = section.columns.findIndex((c) => c.kind === 'text');
    const drawRow = (cells: string[]) => {
      const top = this.doc.y;
      let x = this.left;
      const tr = this.tag('TR', null, {}, table);
      cells.forEach((text, i) => {
        const align = numeric(section.columns[i]!.kind) ? 'right' : 'left';
        const at = x;
        this.tag(i === rowHeader ? 'TH' : 'TD', () => this.put(text, at + 3, top + 3, widths[i]! - 6, { size: 8.5, align }), i === rowHeader ? { scope: 'Row' } : {}, tr);
        x += widths[i]!;
      });
      tr.end();
      ruleUnder(top + rowHeight);
      this.doc.x = this.left;
      this.doc.y = top + rowHeight;
    };
    // Column names may take two or three lines (a narrow number column); values never wrap.
    // The header row is tagged once; repeated at the top of a later page, it is an artifact.
    let headerTagged = false;
    const drawHeader = () => {
      this.doc.font(BOLD).fontSize(8.5);
      const height = Math.max(...section.columns.map((c, i) => this.doc.heightOfString(pdfSafe(c.label), { width: widths[i]! - 6 }))) + 6;
      this.room(height + rowHeight * 2);
      const top = this.doc.y;
      let x = this.left;
      const tr = headerTagged ? null : this.tag('TR', null, {}, table);
      section.columns.forEach((c, i) => {
        const align = numeric(c.kind) ? 'right' : 'left';
        const at = x;
        const draw = () => this.doc.font(BOLD).fontSize(8.5).fillColor(TEXT).text(pdfSafe(c.label), at + 3, top + 3, { width: widths[i]! - 6, align });
        if (tr) this.tag('TH', draw, { scope: 'Column' }, tr);
        else this.artifact(draw, 'Pagination');
        x += widths[i]!;
      });
      tr?.end();
      headerTagged = true;
      ruleUnder(top + height);
      this.doc.x = this.left;
      this.doc.y = top + height;
    };
    drawHeader();
    const rows = limit === undefined ? section.rows : section.rows.slice(0, limit);
    for (const row of rows) {
      // The header again at the top of a new page, so a column never loses its name.
      if (this.doc.y + rowHeight > this.bottom) {
        this.doc.continueOnNewPage();
        drawHeader();
      }
      drawRow(row.map((cell, i) => this.cellText(cell, section.columns[i]!.kind)));
    }
    table.end();
    if (rows.length < section.rows.length) {
      this.room(rowHeight * 2);
      this.doc.moveDown(0.3);
      this.tag('P', () => this.put(this.context.t('report.pdfMoreRows', { shown: rows.length, total: section.rows.length }), this.left, this.doc.y, this.width, { colour: MUTED }));
      this.doc.y += rowHeight;
    }
    this.doc.moveDown(0.5);
  }
}

export function summaryPdf(document: ReportDocument, context: ExportContext): Promise<Buffer> {
  const { t } = context;
  const title = document.title;
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    pdfVersion: '1.7',
    tagged: true,
    lang: t.language,
    displayTitle: true,
    info: {
      Title: pdfSafe(`${document.organisationName}: ${title}`),
      Author: pdfSafe(document.organisationName),
      Subject: pdfSafe(title),
      Creator: 'Outreach Tally',
      CreationDate: new Date(document.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const root = doc.struct('Document', { lang: t.language } as PDFKit.Mixins.StructureElementOptions);
  doc.addStructure(root);
  const layout = new Layout(doc, context, root);
  layout.tag('H1', () => doc.font(BOLD).fontSize(20).fillColor(TEXT).text(pdfSafe(document.organisationName), { width: layout.width }));
  layout.tag('P', () => doc.font(FONT).fontSize(14).fillColor(TEXT).text(pdfSafe(title), { width: layout.width }));
  doc.moveDown(0.4);
  if (document.notice) {
    // First, on the first page: what protects every figure that follows.
    const notice = document.notice;
    layout.section(notice.heading, () => layout.paragraph(notice.text, { size: 10 }));
    doc.moveDown(0.4);
  }
  for (const [label, value] of document.about.slice(document.notice ? 3 : 2)) {
    layout.tag('P', () => {
      doc.font(BOLD).fontSize(9).fillColor(MUTED).text(pdfSafe(`${label}: `), { continued: true, width: layout.width });
      doc.font(FONT).fillColor(MUTED).text(pdfSafe(value), { width: layout.width });
    });
  }

  for (const section of document.sections) {
    if (section.machineOnly) continue;
    layout.section(section.title, () => {
      if (section.id === 'headline') layout.headline(section);
      else if (section.id === 'trend') {
        layout.barChart(section);
        layout.table(section);
      } else if (section.chart) {
        layout.barChart(section);
        if (section.columns.length > 3) layout.table(section);
      } else layout.table(section, section.id === 'sites' ? PDF_SITES_SHOWN : undefined);
    });
  }
  root.end();

  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    // Below the bottom margin: lift it while writing, or pdfkit would start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const footer = pdfSafe(`${document.organisationName} · ${title} · ${t('report.pageOf', { page: i + 1, pages: pages.count })}`);
    layout.artifact(
      () => doc.font(FONT).fontSize(8).fillColor(MUTED).text(footer, MARGIN.left, doc.page.height - 40, { width: layout.width, align: 'center', lineBreak: false }),
      'Pagination',
    );
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
