// Text in the PDF in every script the app speaks: each character drawn with a bundled Noto face
// that has it (the @fontsource files the screens use), Arabic and Urdu laid out right to left.
// docs/pdf-text.md explains the choices (subset files, runs, the small bidi algorithm).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { woffToSfnt } from './woff.ts';

type Doc = PDFKit.PDFDocument;

/** One @fontsource subset file: the characters it has, by its own unicode-range. */
interface Face {
  family: string;
  subset: string;
  ranges: [number, number][];
}

const FAMILIES = {
  sans: 'noto-sans',
  bengali: 'noto-sans-bengali',
  gujarati: 'noto-sans-gujarati',
  arabic: 'noto-sans-arabic',
} as const;

const requireHere = createRequire(import.meta.url);
const folders = new Map<string, string>();
/** The package's folder, found through its (exported) stylesheet. */
function packageFolder(family: string): string {
  let folder = folders.get(family);
  if (!folder) {
    folder = dirname(requireHere.resolve(`@fontsource/${family}`));
    folders.set(family, folder);
  }
  return folder;
}

function parseRanges(text: string): [number, number][] {
  return text.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    const start = Number.parseInt(from!, 16);
    return [start, to ? Number.parseInt(to, 16) : start];
  });
}

function face(family: string, subset: string): Face {
  const unicode = JSON.parse(readFileSync(join(packageFolder(family), 'unicode.json'), 'utf8')) as Record<string, string>;
  const range = unicode[subset];
  if (!range) throw new Error(`@fontsource/${family} has no ${subset} subset`);
  return { family, subset, ranges: parseRanges(range) };
}

let faces: Record<'latin' | 'latinExt' | 'bengali' | 'gujarati' | 'arabic', Face> | undefined;
function allFaces() {
  faces ??= {
    latin: face(FAMILIES.sans, 'latin'),
    latinExt: face(FAMILIES.sans, 'latin-ext'),
    bengali: face(FAMILIES.bengali, 'bengali'),
    gujarati: face(FAMILIES.gujarati, 'gujarati'),
    arabic: face(FAMILIES.arabic, 'arabic'),
  };
  return faces;
}

/** What pdfkit keeps of a font: fontkit's, whose layout engine is made on first use. */
interface FontkitFont {
  layout(text: string): unknown;
  _layoutEngine?: { engine?: { GPOSProcessor?: object | null } };
}
type ApplyAnchor = (this: unknown, markRecord: { markAnchor?: unknown } | undefined, baseAnchor: unknown, baseIndex: number) => void;
let anchorsGuarded = false;

/**
 * fontkit attaches a mark to a NULL anchor and throws (OpenType allows NULL: "no attachment",
 * which Noto Sans Gujarati and Noto Nastaliq Urdu use). Treat it as HarfBuzz does: no attachment.
 */
function guardNullAnchors(font: FontkitFont): void {
  if (anchorsGuarded) return;
  font.layout('a');
  const processor = font._layoutEngine?.engine?.GPOSProcessor;
  if (!processor) return;
  const prototype = Object.getPrototypeOf(processor) as { applyAnchor: ApplyAnchor };
  const apply = prototype.applyAnchor;
  prototype.applyAnchor = function (markRecord, baseAnchor, baseIndex) {
    if (!baseAnchor || !markRecord?.markAnchor) return;
    apply.call(this, markRecord, baseAnchor, baseIndex);
  };
  anchorsGuarded = true;
}

/** Each face's font file, unwrapped once per process (a few hundred kilobytes each). */
const fontFiles = new Map<string, Buffer>();
function fontFile(f: Face, bold: boolean): Buffer {
  const file = join(packageFolder(f.family), 'files', `${f.family}-${f.subset}-${bold ? 700 : 400}-normal.woff`);
  let font = fontFiles.get(file);
  if (!font) {
    font = woffToSfnt(readFileSync(file));
    fontFiles.set(file, font);
  }
  return font;
}

const fontName = (f: Face, bold: boolean) => `${f.family}-${f.subset}-${bold ? 700 : 400}`;
const has = (f: Face, code: number) => f.ranges.some(([from, to]) => code >= from && code <= to);

// Characters that belong to the run they sit in: joiners and combining marks keep a word in one
// face (a Bengali conjunct or an Arabic word must be shaped whole).
const STICKY = /[\u200c\u200d\p{M}]/u;
const RTL_LETTER = /[\u0590-\u05ff\u0600-\u065f\u066a-\u06ef\u06fa-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/u;
const DIGIT = /\p{Nd}/u;
// A sign that travels with its number ("12%", "−3"): treated as part of it.
const NUMBER_SIGN = /[%‰°+\-−.,٫٬]/u;
const LETTER = /[\p{L}\p{Nd}]/u;
// Brackets drawn in a right-to-left run show their mirror image (UAX #9, rule L4).
const MIRRORED: Record<string, string> = { '(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<', '«': '»', '»': '«', '‹': '›', '›': '‹' };

type Direction = 'ltr' | 'rtl';
export interface TextStyle {
  bold?: boolean | undefined;
  size: number;
}

/** A piece of a line in one face and one direction, in the order it is drawn (left to right). */
interface Segment {
  text: string;
  font: string;
}

/**
 * Lays out and draws one line of text with the bundled faces. The PDF's own direction comes
 * from the language; the text inside may mix directions (a Bengali site name in an Arabic
 * summary, a number in Urdu).
 */
export class PdfText {
  readonly direction: Direction;
  private readonly chain: Face[];
  private readonly registered = new Set<string>();
  private readonly doc: Doc;
  // A summary measures the same labels many times (fitting, wrapping): shaped once each.
  private readonly segmentCache = new Map<string, Segment[]>();
  private readonly widthCache = new Map<string, number>();

  constructor(doc: Doc, direction: Direction) {
    this.doc = doc;
    this.direction = direction;
    const f = allFaces();
    // Urdu too is set in Noto Sans Arabic: pdfkit's shaper (fontkit) fails on Noto Nastaliq
    // Urdu's mark positioning. The screens use Nastaliq (docs/pdf-text.md).
    this.chain = [f.latin, f.latinExt, f.bengali, f.gujarati, f.arabic];
  }

  /** Line height for a size (Noto's scripts with marks above and below need more than Latin). */
  leading(size: number): number {
    return size * 1.35;
  }

  /** Distance from a line's top to its baseline. */
  ascent(size: number): number {
    return size * 1.05;
  }

  /** The face for a character: the first in the chain that has it (none: the replacement sign). */
  private faceOf(code: number): Face | undefined {
    return this.chain.find((f) => has(f, code));
  }

  private font(f: Face, bold: boolean): string {
    const name = fontName(f, bold);
    if (!this.registered.has(name)) {
      this.doc.registerFont(name, fontFile(f, bold));
      this.registered.add(name);
      guardNullAnchors((this.doc.font(name) as unknown as { _font: { font: FontkitFont } })._font.font);
    }
    return name;
  }

  /** The line as segments in drawing order. */
  segments(text: string, bold = false): Segment[] {
    const key = `${bold ? 'b' : 'r'}${text}`;
    let segments = this.segmentCache.get(key);
    if (!segments) {
      segments = this.layout(text, bold);
      this.segmentCache.set(key, segments);
    }
    return segments;
  }

  private layout(text: string, bold: boolean): Segment[] {
    const chars = [...text.replace(/[\u2009\u202f]/g, ' ')];
    // 1. Each character's face and strong direction (null: neutral, takes its neighbours').
    const faceOf: (Face | undefined)[] = [];
    const strong: (Direction | null)[] = [];
    chars.forEach((ch, i) => {
      const code = ch.codePointAt(0)!;
      faceOf[i] = STICKY.test(ch) && i > 0 ? faceOf[i - 1] : this.faceOf(code);
      strong[i] = RTL_LETTER.test(ch) ? 'rtl' : LETTER.test(ch) ? 'ltr' : null;
    });
    // A sign next to a digit goes with the number.
    chars.forEach((ch, i) => {
      if (strong[i] === null && NUMBER_SIGN.test(ch) && (DIGIT.test(chars[i - 1] ?? '') || DIGIT.test(chars[i + 1] ?? ''))) strong[i] = 'ltr';
    });
    // 2. Neutrals between two characters of one direction take it; otherwise the line's.
    const resolved: Direction[] = chars.map((_, i) => strong[i] ?? this.direction);
    for (let i = 0; i < chars.length; ) {
      if (strong[i] !== null) {
        i++;
        continue;
      }
      let end = i;
      while (end < chars.length && strong[end] === null) end++;
      const before = i > 0 ? resolved[i - 1] : this.direction;
      const after = end < chars.length ? strong[end]! : this.direction;
      for (let k = i; k < end; k++) resolved[k] = before === after ? before : this.direction;
      i = end;
    }
    // 3. Runs of one face and one direction, with their embedding level (UAX #9, simplified).
    const base = this.direction === 'rtl' ? 1 : 0;
    const runs: { text: string; face: Face | undefined; level: number }[] = [];
    chars.forEach((ch, i) => {
      const level = resolved[i] === 'rtl' ? 1 : base === 1 ? 2 : 0;
      const last = runs[runs.length - 1];
      if (last && last.face === faceOf[i] && last.level === level) last.text += ch;
      else runs.push({ text: ch, face: faceOf[i], level });
    });
    // 4. Reorder: from the highest level down, reverse every stretch at or above it.
    const maxLevel = Math.max(0, ...runs.map((r) => r.level));
    for (let level = maxLevel; level >= 1; level--) {
      for (let i = 0; i < runs.length; ) {
        if (runs[i]!.level < level) {
          i++;
          continue;
        }
        let end = i;
        while (end < runs.length && runs[end]!.level >= level) end++;
        runs.splice(i, end - i, ...runs.slice(i, end).reverse());
        i = end;
      }
    }
    return runs.map((run) => {
      const f = run.face ?? this.chain[0]!;
      // fontkit reverses a right-to-left script itself; anything else on an odd level we turn.
      const shapedRtl = run.face !== undefined && RTL_LETTER.test(run.text);
      const odd = run.level % 2 === 1;
      const shown = run.face === undefined ? '\ufffd'.repeat([...run.text].length) : run.text;
      const turned = odd ? [...shown].map((ch) => MIRRORED[ch] ?? ch) : [...shown];
      return { text: odd && !shapedRtl ? turned.reverse().join('') : turned.join(''), font: this.font(f, bold) };
    });
  }

  width(text: string, style: TextStyle): number {
    // Widths grow with the size: measured once at size 1.
    const key = `${style.bold ? 'b' : 'r'}${text}`;
    let unit = this.widthCache.get(key);
    if (unit === undefined) {
      unit = 0;
      for (const segment of this.segments(text, style.bold)) unit += this.doc.font(segment.font).fontSize(1).widthOfString(segment.text);
      this.widthCache.set(key, unit);
    }
    return unit * style.size;
  }

  /** Cuts text to a width by whole characters as a reader sees them, ending in "…" when cut. */
  fit(text: string, width: number, style: TextStyle): string {
    if (this.width(text, style) <= width) return text;
    const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);
    let low = 0;
    let high = graphemes.length;
    // The longest prefix that fits with the ellipsis (binary search: widths grow with length).
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (this.width(`${graphemes.slice(0, mid).join('')}…`, style) <= width) low = mid;
      else high = mid - 1;
    }
    return `${graphemes.slice(0, Math.max(1, low)).join('')}…`;
  }

  /** Words to lines no wider than `width` (a word wider than a line is cut). */
  wrap(text: string, width: number, style: TextStyle): string[] {
    const lines: string[] = [];
    const space = this.width(' ', style);
    let line = '';
    let used = 0;
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const wordWidth = this.width(word, style);
      if (line && used + space + wordWidth <= width) {
        line = `${line} ${word}`;
        used += space + wordWidth;
      } else {
        if (line) lines.push(line);
        line = wordWidth <= width ? word : this.fit(word, width, style);
        used = this.width(line, style);
      }
    }
    if (line) lines.push(line);
    return lines.length > 0 ? lines : [''];
  }

  /** One line whose top is at `top`, starting at `x` (left to right, whatever the direction). */
  draw(text: string, x: number, top: number, style: TextStyle & { colour: string }): void {
    const baseline = top + this.ascent(style.size);
    // pdfkit moves its cursor after each piece; the layout keeps its own.
    const { x: cursorX, y: cursorY } = this.doc;
    const segments = this.segments(text, style.bold);
    // Shaped or reordered glyphs do not read back as the text they show: say what it is.
    const replaced = this.direction === 'rtl' || segments.some((segment) => !segment.font.startsWith(`${FAMILIES.sans}-latin`));
    if (replaced) this.doc.markContent('Span', { actual: text } as PDFKit.Mixins.MarkingOptions);
    let at = x;
    for (const segment of segments) {
      const doc = this.doc.font(segment.font).fontSize(style.size).fillColor(style.colour);
      doc.text(segment.text, at, baseline, { lineBreak: false, baseline: 'alphabetic' });
      at += doc.widthOfString(segment.text);
    }
    if (replaced) this.doc.endMarkedContent();
    this.doc.x = cursorX;
    this.doc.y = cursorY;
  }
}
