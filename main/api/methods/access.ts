// Methods for who is at the laptop: first-start set-up, the lock screen, PINs and the lock's
// timings. The rule for a good PIN lives here, free of Node, so the CLI's reset-pin and the
// contract apply the same one.
import { z } from 'zod';
import type { AccessLogEntry } from '../../access/profile-secrets.ts';
import type { AccessStatus } from '../../access/session.ts';
import type { Volunteer } from '../../records/volunteers.ts';
import { id, languageTag, method, none, personName } from '../schema-parts.ts';

export const secretRules = {
  /** A PIN is digits only, at least this many. */
  pinDigits: 6,
  /** Anything else is a passphrase, at least this many characters. */
  passphraseLength: 8,
  maxLength: 128,
} as const;

export const lockLimits = {
  idleLockMinutes: { min: 1, max: 120 },
  unlockMinutes: { min: 1, max: 60 },
} as const;

// One digit repeated, or a run up or down (123456, 987654, 890123): the first PINs guessed.
function tooSimple(digits: string): boolean {
  const steps = new Set<number>();
  for (let i = 1; i < digits.length; i++) steps.add((Number(digits[i]) - Number(digits[i - 1]) + 10) % 10);
  return steps.size === 1 && [0, 1, 9].includes([...steps][0]!);
}

/** The message key of what is wrong with a new PIN or passphrase, or null when it will do. */
export function secretProblem(secret: string): string | null {
  if (secret.length > secretRules.maxLength) return 'errors.access.secretTooLong';
  if (secret === '' || /^\d+$/.test(secret)) {
    if (secret.length < secretRules.pinDigits) return 'errors.access.pinTooShort';
    return tooSimple(secret) ? 'errors.access.pinTooSimple' : null;
  }
  if ([...secret.trim()].length < secretRules.passphraseLength) return 'errors.access.passphraseTooShort';
  return null;
}

export const newSecret = z.string().superRefine((value, ctx) => {
  const problem = secretProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** What is typed to unlock: only its presence is checked here; the hash decides. */
const typedSecret = z
  .string()
  .min(1, { error: 'errors.access.enterPin' })
  .max(secretRules.maxLength, { error: 'errors.access.secretTooLong' });

const protectedRole = z.enum(['coordinator', 'lead']);

export const accessMethods = {
  'access.status': method('open', none).returns<AccessStatus>(),
  'access.setUp': method('open', z.object({ name: personName, role: protectedRole, secret: newSecret, language: languageTag }).strict()).returns<Volunteer>(),
  'access.protectProfile': method('open', z.object({ id, secret: newSecret }).strict()).returns<Volunteer>(),
  'access.unlock': method('open', z.object({ id, secret: typedSecret }).strict()).returns<Volunteer>(),
  'access.continueAs': method('open', z.object({ id }).strict()).returns<Volunteer>(),
  'access.lock': method('open', none).returns<{ locked: boolean }>(),
  'access.log': method('coordinator', z.object({ limit: z.number().int().min(1).max(200) }).strict()).returns<AccessLogEntry[]>(),
  'access.updateSettings': method(
    'coordinator',
    z
      .object({
        idleLockMinutes: z
          .number()
          .int({ error: 'errors.access.idleLockMinutesRange' })
          .min(lockLimits.idleLockMinutes.min, { error: 'errors.access.idleLockMinutesRange' })
          .max(lockLimits.idleLockMinutes.max, { error: 'errors.access.idleLockMinutesRange' }),
        unlockMinutes: z
          .number()
          .int({ error: 'errors.access.unlockMinutesRange' })
          .min(lockLimits.unlockMinutes.min, { error: 'errors.access.unlockMinutesRange' })
          .max(lockLimits.unlockMinutes.max, { error: 'errors.access.unlockMinutesRange' }),
      })
      .strict(),
  ).returns<AccessStatus>(),
} as const;
