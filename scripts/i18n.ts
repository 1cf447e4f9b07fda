// Locale checks shared by the tests and by translators (`npm run i18n:check`):
// - every locale has exactly en-GB's keys (plural keys in the forms its language needs),
// - no translation drops or invents an interpolation placeholder,
// - every key the code uses is defined in en-GB.
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');
export const localesDir = path.join(root, 'resources/locales');
export const SOURCE = 'en-GB';

type Json = { [key: string]: string | Json };

export function flatten(tree: Json, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(full, value);
    else for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

export function loadLocale(code: string): Map<string, string> {
  return flatten(JSON.parse(fs.readFileSync(path.join(localesDir, `${code}.json`), 'utf8')) as Json);
}

export function localeCodes(): string[] {
  return fs
    .readdirSync(localesDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/**
 * The base of a plural key, or null. A key is plural only when en-GB has both its `_one` and
 * `_other` forms: `reference.topic.cancer_other` is a topic code, not a plural of `cancer`.
 */
function pluralBase(key: string, source: Map<string, string>): string | null {
  const match = /^(.*)_(zero|one|two|few|many|other)$/.exec(key);
  if (!match) return null;
  const base = match[1]!;
  return source.has(`${base}_one`) && source.has(`${base}_other`) ? base : null;
}

/**
 * The keys a locale must define: en-GB's, with each plural key in the forms `code` uses. A
 * `_zero` form en-GB has ("Every event has an end time.") is required in every language:
 * i18next picks `_zero` for a count of 0 whatever the language's plural rules say.
 */
export function expectedKeys(code: string, source: Map<string, string>): Set<string> {
  const forms = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
  const keys = new Set<string>();
  for (const key of source.keys()) {
    const base = pluralBase(key, source);
    if (base === null) keys.add(key);
    else {
      for (const form of forms) keys.add(`${base}_${form}`);
      if (source.has(`${base}_zero`)) keys.add(`${base}_zero`);
    }
  }
  return keys;
}

export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!).sort();
}

export interface LocaleProblems {
  missing: string[];
  extra: string[];
  placeholders: { key: string; expected: string[]; found: string[] }[];
  untranslatedMeta: boolean;
}

export function checkLocale(code: string): LocaleProblems {
  const source = loadLocale(SOURCE);
  const target = loadLocale(code);
  const expected = expectedKeys(code, source);
  const missing = [...expected].filter((k) => !target.has(k)).sort();
  // Extra plural forms a language does not use are harmless only if en-GB has the base.
  const extra = [...target.keys()].filter((k) => !expected.has(k)).sort();
  const placeholderProblems: LocaleProblems['placeholders'] = [];
  for (const [key, text] of target) {
    if (!expected.has(key) || key.startsWith('meta.')) continue;
    const base = pluralBase(key, source);
    const sourceText = source.get(key) ?? (base ? (source.get(`${base}_other`) ?? '') : '');
    // Plural forms may leave out {{count}} (e.g. "one" written as a word).
    const wanted = placeholders(sourceText).filter((p) => !(base && p === 'count'));
    const found = placeholders(text).filter((p) => !(base && p === 'count'));
    if (wanted.join(',') !== [...new Set(found)].sort().join(',')) {
      placeholderProblems.push({ key, expected: wanted, found });
    }
  }
  return { missing, extra, placeholders: placeholderProblems, untranslatedMeta: target.get('meta.languageName') === source.get('meta.languageName') && code !== SOURCE };
}

/** Keys used in the renderer: literal t('a.b') calls, and template prefixes t(`a.${x}`). */
export function keysUsedInCode(): { literal: Set<string>; prefixes: Set<string> } {
  const literal = new Set<string>();
  const prefixes = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.(tsx?|jsx?)$/.test(entry.name)) {
        const text = fs.readFileSync(file, 'utf8');
        for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) literal.add(m[1]!);
        for (const m of text.matchAll(/\bt\(\s*`([a-zA-Z0-9_.]+)\.\$\{/g)) prefixes.add(m[1]!);
      }
    }
  };
  walk(path.join(root, 'renderer/src'));
  return { literal, prefixes };
}

if (import.meta.main) {
  let failed = false;
  for (const code of localeCodes()) {
    if (code === SOURCE) continue;
    const problems = checkLocale(code);
    const count = problems.missing.length + problems.extra.length + problems.placeholders.length;
    console.log(`${code}: ${count === 0 ? 'complete' : `${problems.missing.length} missing, ${problems.extra.length} extra, ${problems.placeholders.length} placeholder problems`}`);
    if (process.argv.includes('--verbose') || process.argv.includes(code)) {
      for (const key of problems.missing) console.log(`  missing  ${key}`);
      for (const key of problems.extra) console.log(`  extra    ${key}`);
      for (const p of problems.placeholders) console.log(`  placeholders ${p.key}: expected {{${p.expected.join('}}, {{')}}} found {{${p.found.join('}}, {{')}}}`);
    }
    if (count > 0) failed = true;
  }
  process.exit(failed ? 1 : 0);
}
