import { describe, expect, it } from 'vitest';
import { findPersonalDetails, isValidNhsNumber } from '../../shared/personal-details.ts';

describe('spotting personal details in notes', () => {
  it.each([
    ['She lives near SE13 6LH', ['postcode']],
    ['postcode w1a1aa', ['postcode']],
    ['Her number is 07700 900123', ['phone']],
    ['ring +44 20 7946 0000 later', ['phone']],
    ['email jo.bloggs@example.org', ['email']],
    ['NHS no 943 476 5919', ['nhsNumber']],
    ['born 12/03/1956', ['dateOfBirth']],
    ['dob given', ['dateOfBirth']],
    ['birthday 3rd March 1961', ['dateOfBirth']],
  ])('warns about %j', (text, kinds) => {
    expect(findPersonalDetails(text)).toEqual(kinds);
  });

  it.each([
    'Talked about the bowel screening kit and gave 3 leaflets',
    'Gave Samaritans 116 123 and NHS 111 option 2',
    'Came at 10:30, aged 50-59, worried about a mole',
    'Group of 12 from the mosque, 45 minutes',
  ])('stays quiet about %j', (text) => {
    expect(findPersonalDetails(text)).toEqual([]);
  });

  it('tells NHS numbers from other ten-digit numbers by their check digit', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('9434765918')).toBe(false);
  });
});
