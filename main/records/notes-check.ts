// Notes never leave the laptop, but they must not identify the person: notes that look like
// personal details (a postcode, a phone number...) are saved only once the person recording has
// confirmed they are not about the person. The audit keeps what they looked like, never the text.
import { findPersonalDetails, type PersonalDetailKind } from '../../shared/personal-details.ts';
import { DomainError } from '../../shared/errors.ts';

/** What the notes were flagged for (for the audit entry), or undefined when nothing looked personal. */
export function confirmedPersonalDetails(notes: string, confirmed: boolean | undefined): PersonalDetailKind[] | undefined {
  if (notes === '') return undefined;
  const found = findPersonalDetails(notes);
  if (found.length === 0) return undefined;
  if (!confirmed) {
    throw new DomainError('invalid_input', 'errors.invalidInput', { fields: [{ field: 'notes', messageKey: 'errors.notesLookPersonal' }] });
  }
  return found;
}
