// Reads a PDF's logical structure with pdf.js, a reader that shares no code with pdfkit: each
// page's structure tree, with the text every element holds (resolved through marked content).
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const root = path.resolve(import.meta.dirname, '../..');

export interface Node {
  role: string;
  alt?: string;
  lang?: string;
  text: string;
  children: Node[];
}

/** Every page's text as pdf.js reads it, the strings of a page joined by spaces. */
export async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  const task = getDocument({ data: bytes, standardFontDataUrl: `${path.join(root, 'node_modules/pdfjs-dist/standard_fonts')}/` });
  const pdf = await task.promise;
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await task.destroy();
  return pages;
}

/** Every page's structure tree from pdf.js, with the text each element holds. */
export async function readStructure(bytes: Uint8Array): Promise<{ pages: Node[]; info: Record<string, unknown> }> {
  const task = getDocument({ data: bytes, standardFontDataUrl: `${path.join(root, 'node_modules/pdfjs-dist/standard_fonts')}/` });
  const pdf = await task.promise;
  const { info } = await pdf.getMetadata();
  const pages: Node[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    // Marked content ids -> the text drawn inside them.
    const texts = new Map<string, string>();
    const open: string[] = [];
    for (const item of (await page.getTextContent({ includeMarkedContent: true })).items as { type?: string; id?: string; str?: string }[]) {
      if (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent') open.push(item.id ?? '');
      else if (item.type === 'endMarkedContent') open.pop();
      else if (typeof item.str === 'string') for (const id of open) if (id) texts.set(id, `${texts.get(id) ?? ''}${item.str}`);
    }
    type Raw = { role?: string; type?: string; id?: string; alt?: string; lang?: string; children?: Raw[] };
    const walk = (raw: Raw): Node => {
      const children = (raw.children ?? []).filter((c) => c.type !== 'content').map(walk);
      const own = (raw.children ?? []).filter((c) => c.type === 'content').map((c) => texts.get(c.id ?? '') ?? '');
      return {
        role: raw.role ?? 'Root',
        ...(raw.alt ? { alt: raw.alt } : {}),
        ...(raw.lang ? { lang: raw.lang } : {}),
        text: [...own, ...children.map((c) => c.text)].join(' ').replace(/\s+/g, ' ').trim(),
        children,
      };
    };
    pages.push(walk((await page.getStructTree()) as unknown as Raw));
  }
  await task.destroy();
  return { pages, info: info as Record<string, unknown> };
}

/** Every element of a role under a node, in reading order. */
export const allOf = (node: Node, role: string): Node[] => [...(node.role === role ? [node] : []), ...node.children.flatMap((c) => allOf(c, role))];

