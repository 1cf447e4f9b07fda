// Spots text that looks like it identifies a member of the public, so a note can warn before
// it is saved. Pure and dependency-free: the renderer runs it as the volunteer types, and the
// service tests run the same function. A heuristic, not a guarantee: it errs towards warning.

export type PersonalDetailKind = 'postcode' | 'phone' | 'email' | 'nhsNumber' | 'dateOfBirth';

const POSTCODE = /\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}\b/i;
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]{2,}/;
const TEN_DIGITS = /(?<!\d)(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\d)/g;
// UK numbers: 0 or +44 followed by 9-10 more digits, spaces and dashes allowed between.
const PHONE = /(?<![\d+])(?:\+44[ -]?|\(?0)\d(?:[ -)]?\d){8,9}(?!\d)/;
const DATE_NUMERIC = /\b(0?[1-9]|[12]\d|3[01])[/.-](0?[1-9]|1[0-2])[/.-](\d{4}|\d{2})\b/;
const DATE_WORDS =
  /\b(0?[1-9]|[12]\d|3[01])(st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(19|20)\d{2}\b/i;
const DOB_WORDS = /\b(d\.?o\.?b\.?|date of birth|born on)\b/i;

/** NHS numbers carry a modulus-11 check digit; this tells them apart from phone numbers. */
export function isValidNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

export function findPersonalDetails(text: string): PersonalDetailKind[] {
  const found = new Set<PersonalDetailKind>();
  if (POSTCODE.test(text)) found.add('postcode');
  if (EMAIL.test(text)) found.add('email');
  for (const match of text.matchAll(TEN_DIGITS)) {
    if (isValidNhsNumber(`${match[1]}${match[2]}${match[3]}`)) found.add('nhsNumber');
  }
  if (PHONE.test(text)) found.add('phone');
  if (DATE_NUMERIC.test(text) || DATE_WORDS.test(text) || DOB_WORDS.test(text)) found.add('dateOfBirth');
  return [...found];
}
