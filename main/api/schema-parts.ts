// Building blocks for the contract's schemas, shared by every method group.
import { z } from 'zod';
import { limits } from '../../shared/limits.ts';


export const id = z.number().int().positive();
export const code = z.string().min(1).max(64).regex(/^[a-z0-9_]+$/, { error: 'errors.invalidCode' });
/** A team laptop's id (a UUID made on that laptop; main/team/laptop.ts), as a filter names it. */
export const laptopId = z
  .string({ error: 'errors.unknownLaptop' })
  .min(1, { error: 'errors.unknownLaptop' })
  .max(64, { error: 'errors.unknownLaptop' })
  .regex(/^[A-Za-z0-9-]+$/, { error: 'errors.unknownLaptop' });
/**
 * A field a person fills in, whose every failure says which field and what to do
 * ("Enter the site's name"), rather than the generic "Enter this."
 */
export function textField(requiredKey: string, tooLongKey: string, max: number = limits.nameLength) {
  return z.string({ error: requiredKey }).trim().min(1, { error: requiredKey }).max(max, { error: tooLongKey });
}

/** An option picked from a list (a select or radios): any failure means "Choose a …". */
export function choiceField(key: string) {
  return z.string({ error: key }).min(1, { error: key }).max(64, { error: key }).regex(/^[a-z0-9_]+$/, { error: key });
}

/** A record picked from a list by id (a site, a volunteer): any failure means "Choose a …". */
export function pickedId(key: string) {
  return z.number({ error: key }).int({ error: key }).positive({ error: key });
}

/** A person's name as they are known here: required, and not too long. */
export const personName = textField('errors.enterName', 'errors.nameTooLong');
export const languageTag = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, { error: 'errors.invalidLanguage' });
export const none = z.object({}).strict();

/**
 * Who may call a method. `open`: anyone, even on the lock screen (set-up, unlock, reference
 * data for the crisis panel). `volunteer`: whoever is at the unlocked laptop. `coordinator`: a
 * coordinator or outreach lead whose PIN was typed in the last few minutes. The dispatcher
 * checks it before it reads the input.
 */
export type Access = 'open' | 'volunteer' | 'coordinator';

export interface MethodSpec<I extends z.ZodType, O> {
  access: Access;
  input: I;
  /** Phantom: carries the output type to the renderer; never read at run time. */
  output?: O;
}

export function method<I extends z.ZodType>(access: Access, input: I) {
  return { returns: <O>(): MethodSpec<I, O> => ({ access, input }) };
}
