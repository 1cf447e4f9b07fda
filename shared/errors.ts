// Errors a person can act on. They carry an i18next key (and values for it) rather than
// English text, so the renderer shows them in the volunteer's language.

export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'unavailable'
  | 'internal'
  // The laptop is locked: someone picks their name or types their PIN first.
  | 'locked'
  // A coordinator's action and their PIN was not typed in the last few minutes.
  | 'unlock_required'
  // A coordinator's action on a laptop where no coordinator or lead has a PIN yet.
  | 'setup_required';

export interface FieldProblem {
  /** Dotted path of the offending field, e.g. `topics.0`. */
  field: string;
  messageKey: string;
  values?: Record<string, string | number>;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly messageKey: string;
  readonly values: Record<string, string | number>;
  readonly fields: FieldProblem[];
  constructor(
    code: ErrorCode,
    messageKey: string,
    options: { values?: Record<string, string | number>; fields?: FieldProblem[]; detail?: string } = {},
  ) {
    super(options.detail ?? messageKey);
    this.code = code;
    this.messageKey = messageKey;
    this.values = options.values ?? {};
    this.fields = options.fields ?? [];
  }
}

export function invalid(field: string, messageKey: string, values?: Record<string, string | number>): DomainError {
  return new DomainError('invalid_input', 'errors.invalidInput', { fields: [{ field, messageKey, ...(values ? { values } : {}) }] });
}

export function notFound(what: string): DomainError {
  return new DomainError('not_found', 'errors.notFound', { values: { what } });
}
