// The monthly summary as a PDF (pdfkit): the organisation's name and the month, the headline
// figures, each section as a bar chart (drawn with vector shapes, every bar labelled with its
// value, so colour carries nothing on its own) or a table, and "Page n of m" on every page.
//
// A tagged PDF: a structure tree in reading order (Document > H1, P, Sect > H2, Table with TH
// headers scoped to their column or row, Figure with a text alternative for each chart), the
// document's language and title; rules, panels and page footers are marked as artifacts.
//
// Text goes through PdfText: the bundled Noto faces, so every language's script is drawn, and
// Arabic and Urdu summaries are laid out right to left, charts and tables mirrored.
import PDFDocument from 'pdfkit';
import { PdfText, type TextStyle } from './pdf-text.ts';
import type { Cell, CellKind, ExportContext, ReportDocument, Section } from './sections.ts';

const TEXT = '#212b32';
const MUTED = '#4c6272';
const RULE = '#d8dde0';
const BAR = '#005eb8';
const PANEL = '#f0f4f5';
const MARGIN = { top: 56, bottom: 64, left: 50, right: 50 };
/** Sites listed in the PDF (all of them are in the CSV and XLSX files). */
export const PDF_SITES_SHOWN = 40;

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;
/** pdfkit takes a table header's scope (its types do not say so). */
type TagOptions = { title?: string; lang?: string; alt?: string; scope?: 'Column' | 'Row' };
/** Where a line sits in its box: at the start of the reading direction, or at its end. */
type Align = 'start' | 'end' | 'centre';
type PutOptions = Partial<TextStyle> & { align?: Align; colour?: string };

/**
 * Everything is placed as if the page were read left to right; in a right-to-left language each
 * box is mirrored, so columns, bars and tiles run from the right.
 */
class Layout {
  readonly doc: Doc;
  readonly context: ExportContext;
  readonly text: PdfText;
  /** The structure element new content goes in (the Document, or a section). */
  parent: Struct;
  constructor(doc: Doc, context: ExportContext, text: PdfText, root: Struct) {
    this.doc = doc;
    this.context = context;
    this.text = text;
    this.parent = root;
  }

  get rtl(): boolean {
    return this.text.direction === 'rtl';
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

  /** A box's left edge on the page: mirrored about the page's middle in a right-to-left language. */
  x(at: number, width: number): number {
    return this.rtl ? this.doc.page.width - at - width : at;
  }

  rect(at: number, top: number, width: number, height: number, colour: string): void {
    this.doc.rect(this.x(at, width), top, width, height).fill(colour);
  }

  /** Starts a new page unless `height` points fit below the cursor. */
  room(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.continueOnNewPage();
  }

  /** Moves the cursor down by a fraction of a line of the given size. */
  space(lines: number, size = 9): void {
    this.doc.y += lines * this.text.leading(size);
  }

  /**
   * One line of text in the box (at, width) whose top is `top`, cut to fit with "…". Never
   * wraps; placed at the start of the reading direction unless told otherwise.
   */
  put(text: string, at: number, top: number, width: number, options: PutOptions = {}): void {
    const style = { size: options.size ?? 9, bold: options.bold };
    const fitted = this.text.fit(text, width, style);
    const used = this.text.width(fitted, style);
    const left = this.x(at, width);
    const align = options.align ?? 'start';
    const atRight = align === 'centre' ? false : (align === 'end') !== this.rtl;
    const x = align === 'centre' ? left + (width - used) / 2 : atRight ? left + width - used : left;
    this.text.draw(fitted, x, top, { ...style, colour: options.colour ?? TEXT });
  }

  /** Text wrapped to the box, from the cursor down; the cursor ends below it. */
  block(text: string, options: PutOptions = {}, at = this.left, width = this.width): void {
    const style = { size: options.size ?? 9, bold: options.bold };
    const leading = this.text.leading(style.size);
    for (const line of this.text.wrap(text, width, style)) {
      this.room(leading);
      this.put(line, at, this.doc.y, width, options);
      this.doc.y += leading;
    }
    this.doc.x = this.left;
  }

  cellText(value: Cell, kind: CellKind): string {
    if (value === null) return '–';
    if (typeof value === 'number') return this.context.formatNumber(value);
    return kind === 'day' ? this.context.formatDay(value) : value;
  }

  heading(text: string, size = 14, level: 'H1' | 'H2' = 'H2'): void {
    // Keep a heading with the first lines of what it heads.
    this.room(this.text.leading(size) * 2 + 48);
    this.space(0.6, size);
    this.tag(level, () => this.block(text, { bold: true, size }));
    this.space(0.2, size);
  }

  paragraph(text: string, options: PutOptions = {}): void {
    this.tag('P', () => this.block(text, options));
  }

  /** "Label: value" with the label in bold, on one line when it fits. */
  labelled(label: string, value: string): void {
    const size = 9;
    const head = `${label}: `;
    const headWidth = this.text.width(head, { size, bold: true });
    this.tag('P', () => {
      if (headWidth + this.text.width(value, { size }) <= this.width) {
        this.room(this.text.leading(size));
        const top = this.doc.y;
        this.put(head, this.left, top, headWidth + 1, { bold: true, colour: MUTED });
        this.put(value, this.left + headWidth, top, this.width - headWidth, { colour: MUTED });
        this.doc.y = top + this.text.leading(size);
      } else {
        this.block(head, { bold: true, colour: MUTED });
        this.block(value, { colour: MUTED });
      }
    });
  }

  /** The headline figures as tiles: read as a two-column table, each measure the header of its value. */
  headline(section: Section): void {
    const perRow = 4;
    const gap = 8;
    const boxWidth = (this.width - gap * (perRow - 1)) / perRow;
    const valueTop = 8 + this.text.leading(8.5);
    const boxHeight = valueTop + this.text.leading(18) + 4;
    const rows = section.rows;
    const table = this.tag('Table', null);
    for (let start = 0; start < rows.length; start += perRow) {
      this.room(boxHeight + gap);
      const top = this.doc.y;
      rows.slice(start, start + perRow).forEach((row, i) => {
        const x = this.left + i * (boxWidth + gap);
        this.artifact(() => this.rect(x, top, boxWidth, boxHeight, PANEL));
        const tr = this.tag('TR', null, {}, table);
        this.tag('TH', () => this.put(String(row[1]), x + 6, top + 6, boxWidth - 12, { size: 8.5, colour: MUTED }), { scope: 'Row' }, tr);
        this.tag('TD', () => this.put(this.cellText(row[2] ?? null, 'decimal'), x + 6, top + valueTop, boxWidth - 12, { bold: true, size: 18 }), {}, tr);
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
    const rowHeight = Math.max(13, this.text.leading(8) + 2);
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
        this.block(`${section.columns[chart.label]!.label} / ${section.columns[chart.value]!.label}`, { size: 8, colour: MUTED });
        this.space(0.2, 8);
        section.rows.forEach((row, i) => {
          this.room(rowHeight);
          const top = this.doc.y;
          const value = values[i]!;
          const label = this.cellText(row[chart.label] ?? '', labelKind);
          this.put(label, this.left, top + 1, labelWidth - 6, { size: 8 });
          const barWidth = value > 0 ? Math.max(1, (value / max) * barSpace) : 0;
          if (barWidth > 0) this.rect(this.left + labelWidth, top + 1.5, barWidth, rowHeight - 4, BAR);
          this.put(this.context.formatNumber(value), this.left + labelWidth + barWidth + 4, top + 1, valueWidth, { size: 8 });
          this.doc.x = this.left;
          this.doc.y = top + rowHeight;
        });
      },
      { alt: this.chartText(section) },
    );
    this.space(0.5);
  }

  /**
   * Column widths from what they hold: a number or date column as wide as its longest value or
   * header word; the text columns share the rest, in proportion to their longest entry.
   */
  columnWidths(section: Section, cells: string[][], size: number): number[] {
    const pad = 8;
    const longest = (texts: string[], bold = false) => Math.max(0, ...texts.map((text) => this.text.width(text, { size, bold })));
    const natural = section.columns.map((c, i) => {
      const values = longest(cells.map((row) => row[i] ?? ''));
      const words = longest(c.label.split(/\s+/), true);
      return Math.max(values, words) + pad;
    });
    const isText = section.columns.map((c) => c.kind === 'text');
    const fixed = natural.map((w, i) => (isText[i] ? 0 : Math.min(Math.max(w, 36), 110)));
    const room = this.width - fixed.reduce((a, b) => a + b, 0);
    const wanted = natural.reduce((sum, w, i) => sum + (isText[i] ? w : 0), 0);
    return natural.map((w, i) => {
      if (!isText[i]) return fixed[i]!;
      // Every text column gets what it needs when it fits; else a share, never under 60 points.
      return wanted <= room ? w + (room - wanted) / isText.filter(Boolean).length : Math.max(60, (room * w) / wanted);
    });
  }

  /** A table; with `limit`, its first rows and a note of how many the spreadsheets hold. */
  table(full: Section, limit?: number): void {
    // Without the machine-readable code columns, which the spreadsheets carry.
    const keep = full.columns.map((c, i) => (c.machine ? -1 : i)).filter((i) => i >= 0);
    const section: Section = { ...full, columns: keep.map((i) => full.columns[i]!), rows: full.rows.map((row) => keep.map((i) => row[i] ?? null)) };
    const numeric = (kind: CellKind) => kind === 'integer' || kind === 'decimal';
    const cell = { size: 8.5 };
    const cells = section.rows.slice(0, limit).map((row) => row.map((value, i) => this.cellText(value, section.columns[i]!.kind)));
    const widths = this.columnWidths(section, cells, cell.size);
    const starts = widths.map((_, i) => this.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const total = widths.reduce((a, b) => a + b, 0);
    const rowHeight = Math.max(14, this.text.leading(cell.size) + 3);
    const ruleUnder = (y: number) =>
      this.artifact(() => {
        const from = this.x(this.left, total);
        this.doc
          .moveTo(from, y)
          .lineTo(from + total, y)
          .lineWidth(0.5)
          .strokeColor(RULE)
          .stroke();
      });
    const table = this.tag('Table', null);
    // The first text column names the row (a topic, a borough): a header for the row's figures.
    const rowHeader = section.columns.findIndex((c) => c.kind === 'text');
    const drawRow = (cells: string[]) => {
      const top = this.doc.y;
      const tr = this.tag('TR', null, {}, table);
      cells.forEach((text, i) => {
        const align = numeric(section.columns[i]!.kind) ? 'end' : 'start';
        this.tag(i === rowHeader ? 'TH' : 'TD', () => this.put(text, starts[i]! + 3, top + 2, widths[i]! - 6, { ...cell, align }), i === rowHeader ? { scope: 'Row' } : {}, tr);
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
      const style = { ...cell, bold: true };
      const labels = section.columns.map((c, i) => this.text.wrap(c.label, widths[i]! - 6, style));
      const leading = this.text.leading(cell.size);
      const height = Math.max(...labels.map((lines) => lines.length)) * leading + 6;
      this.room(height + rowHeight * 2);
      const top = this.doc.y;
      const tr = headerTagged ? null : this.tag('TR', null, {}, table);
      section.columns.forEach((c, i) => {
        const align = numeric(c.kind) ? 'end' : 'start';
        const draw = () => labels[i]!.forEach((line, n) => this.put(line, starts[i]! + 3, top + 3 + n * leading, widths[i]! - 6, { ...style, align }));
        if (tr) this.tag('TH', draw, { scope: 'Column' }, tr);
        else this.artifact(draw, 'Pagination');
      });
      tr?.end();
      headerTagged = true;
      ruleUnder(top + height);
      this.doc.x = this.left;
      this.doc.y = top + height;
    };
    drawHeader();
    for (const row of cells) {
      // The header again at the top of a new page, so a column never loses its name.
      if (this.doc.y + rowHeight > this.bottom) {
        this.doc.continueOnNewPage();
        drawHeader();
      }
      drawRow(row);
    }
    table.end();
    if (cells.length < section.rows.length) {
      this.room(rowHeight * 2);
      this.space(0.3);
      this.paragraph(this.context.t('report.pdfMoreRows', { shown: cells.length, total: section.rows.length }), { colour: MUTED });
    }
    this.space(0.5);
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
      Title: `${document.organisationName}: ${title}`,
      Author: document.organisationName,
      Subject: title,
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

  const text = new PdfText(doc, t('meta.direction') === 'rtl' ? 'rtl' : 'ltr');
  const root = doc.struct('Document', { lang: t.language } as PDFKit.Mixins.StructureElementOptions);
  doc.addStructure(root);
  const layout = new Layout(doc, context, text, root);
  layout.tag('H1', () => layout.block(document.organisationName, { bold: true, size: 20 }));
  layout.tag('P', () => layout.block(title, { size: 14 }));
  layout.space(0.4);
  if (document.notice) {
    // First, on the first page: what protects every figure that follows.
    const notice = document.notice;
    layout.section(notice.heading, () => layout.paragraph(notice.text, { size: 10 }));
    layout.space(0.4);
  }
  for (const [label, value] of document.about.slice(document.notice ? 3 : 2)) layout.labelled(label, value);

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
    const footer = `${document.organisationName} · ${title} · ${t('report.pageOf', { page: i + 1, pages: pages.count })}`;
    layout.artifact(() => layout.put(footer, MARGIN.left, doc.page.height - 44, layout.width, { size: 8, colour: MUTED, align: 'centre' }), 'Pagination');
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
