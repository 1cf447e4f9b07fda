// The PDF's line layout: which bundled face draws each character, and the order pieces are
// drawn in when directions mix (a number in Arabic, brackets in Urdu, Bengali in English).
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { PdfText } from '../../main/reports/pdf-text.ts';

const layout = (direction: 'ltr' | 'rtl', text: string) =>
  new PdfText(new PDFDocument(), direction).segments(text).map((s) => [s.text, s.font.replace(/-(400|700)$/, '')]);

describe('PdfText.segments', () => {
  it('keeps a Latin line in one piece, in the Latin face', () => {
    expect(layout('ltr', 'Conversations: 1,234')).toEqual([['Conversations: 1,234', 'noto-sans-latin']]);
    // Polish, Romanian and Turkish letters are in Noto Sans's latin-ext file.
    expect(layout('ltr', 'Łódź')).toEqual([
      ['Ł', 'noto-sans-latin-ext'],
      ['ód', 'noto-sans-latin'],
      ['ź', 'noto-sans-latin-ext'],
    ]);
  });

  it('draws each script with its own face, a Bengali name inside English', () => {
    expect(layout('ltr', 'Site: মসজিদ হল')).toEqual([
      ['Site: ', 'noto-sans-latin'],
      ['মসজিদ', 'noto-sans-bengali-bengali'],
      [' ', 'noto-sans-latin'],
      ['হল', 'noto-sans-bengali-bengali'],
    ]);
  });

  it('lays an Arabic line right to left with its number left to right', () => {
    // Drawn left to right: the number, then ": " turned, then the word (fontkit turns Arabic).
    expect(layout('rtl', 'الزوار: 544')).toEqual([
      ['544', 'noto-sans-latin'],
      [' :', 'noto-sans-latin'],
      ['الزوار', 'noto-sans-arabic-arabic'],
    ]);
  });

  it('orders the words of a right-to-left phrase from the right, and mirrors its brackets', () => {
    expect(layout('rtl', 'الكحول (شراب)')).toEqual([
      ['(', 'noto-sans-latin'],
      ['شراب', 'noto-sans-arabic-arabic'],
      [') ', 'noto-sans-latin'],
      ['الكحول', 'noto-sans-arabic-arabic'],
    ]);
  });

  it('keeps Latin inside Arabic in reading order, and its neighbours with the Arabic', () => {
    expect(layout('rtl', 'تم التوجيه إلى NHS Talking Therapies')).toEqual([
      ['NHS Talking Therapies', 'noto-sans-latin'],
      [' ', 'noto-sans-latin'],
      ['إلى', 'noto-sans-arabic-arabic'],
      [' ', 'noto-sans-latin'],
      ['التوجيه', 'noto-sans-arabic-arabic'],
      [' ', 'noto-sans-latin'],
      ['تم', 'noto-sans-arabic-arabic'],
    ]);
  });

  it('keeps joiners and vowel signs with the letters they shape', () => {
    const pieces = layout('ltr', 'ক্ষ্\u200dম');
    expect(pieces).toEqual([['ক্ষ্\u200dম', 'noto-sans-bengali-bengali']]);
  });

  it('draws a character no face has as the replacement sign, not a wrong glyph', () => {
    expect(layout('ltr', 'a\u4e2d')).toEqual([
      ['a', 'noto-sans-latin'],
      ['\ufffd', 'noto-sans-latin'],
    ]);
  });
});
