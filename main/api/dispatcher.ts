// One entry point for every call from the renderer, whatever carried it (Electron IPC or the
// harness's HTTP): look the method up in the contract, parse the input with its schema, run
// the handler, and turn any failure into a plain ApiResult with a message key.
import type { z } from 'zod';
import type { Access, MethodSpec } from './schema-parts.ts';
import { DomainError } from '../../shared/errors.ts';
import {
  contract,
  type ApiErrorPayload,
  type ApiResult,
  type MethodName,
  type MethodOutput,
  type ParsedInput,
} from './contract.ts';

export type Handlers = { [M in MethodName]: (input: ParsedInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>> };

/** The handlers for one group of methods (methods/*.ts), checked against that group. */
export type HandlersFor<Group extends Record<string, MethodSpec<z.ZodType, unknown>>> = {
  [M in keyof Group]: (
    input: z.output<Group[M]['input']>,
  ) => Exclude<Group[M]['output'], undefined> | Promise<Exclude<Group[M]['output'], undefined>>;
};

export type Dispatch = (method: string, input: unknown) => Promise<ApiResult<unknown>>;

/** Throws a DomainError when the caller may not use a method of this access level now. */
export type Authorize = (method: MethodName, access: Access) => void;

export interface DispatcherOptions {
  /** Where unexpected failures are reported; never given record content, only the error. */
  onInternalError?: (method: string, error: unknown) => void;
  /**
   * Where refused calls are reported (bad input, a rule broken): the method, the error code and
   * the names of the fields at fault, never their values. Support can then see "saving a
   * conversation keeps failing on `notes`" without anything the volunteer typed.
   */
  onRefused?: (method: string, refusal: { code: string; fields: string[] }) => void;
}

function isMethod(name: string): name is MethodName {
  return Object.hasOwn(contract, name);
}

const issueKeys: Record<string, string> = {
  too_small: 'errors.tooSmall',
  too_big: 'errors.tooBig',
  invalid_type: 'errors.invalidType',
  invalid_value: 'errors.invalidChoice',
  unrecognized_keys: 'errors.unexpectedField',
};

export function validationError(error: z.ZodError): ApiErrorPayload {
  return {
    code: 'invalid_input',
    messageKey: 'errors.invalidInput',
    values: {},
    fields: error.issues.map((issue) => {
      // Schemas name a translation key as their message where the generic one would not help.
      const messageKey = issue.message.startsWith('errors.') ? issue.message : (issueKeys[issue.code] ?? 'errors.invalidInput');
      const values: Record<string, string | number> = {};
      if ('minimum' in issue) values.min = Number(issue.minimum);
      if ('maximum' in issue) values.max = Number(issue.maximum);
      return { field: issue.path.map(String).join('.'), messageKey, values };
    }),
  };
}

export function createDispatcher(handlers: Handlers, authorize: Authorize, options: DispatcherOptions = {}): Dispatch {
  return async (method, input) => {
    if (!isMethod(method)) {
      return { ok: false, error: { code: 'unknown_method', messageKey: 'errors.unknownMethod', values: { method }, fields: [] } };
    }
    try {
      // Before the input is even read: a locked laptop or a missing PIN says so and does nothing.
      authorize(method, contract[method].access);
    } catch (error) {
      if (error instanceof DomainError) {
        options.onRefused?.(method, { code: error.code, fields: [] });
        return { ok: false, error: { code: error.code, messageKey: error.messageKey, values: error.values, fields: [] } };
      }
      options.onInternalError?.(method, error);
      return { ok: false, error: { code: 'internal', messageKey: 'errors.internal', values: {}, fields: [] } };
    }
    const parsed = contract[method].input.safeParse(input ?? {});
    if (!parsed.success) {
      const error = validationError(parsed.error);
      options.onRefused?.(method, { code: error.code, fields: error.fields.map((f) => f.field) });
      return { ok: false, error };
    }
    try {
      const handler = handlers[method] as (input: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      if (error instanceof DomainError) {
        options.onRefused?.(method, { code: error.code, fields: error.fields.map((f) => f.field) });
        return {
          ok: false,
          error: { code: error.code, messageKey: error.messageKey, values: error.values, fields: error.fields },
        };
      }
      const known = error as { messageKey?: unknown };
      options.onInternalError?.(method, error);
      return {
        ok: false,
        error: {
          code: 'internal',
          messageKey: typeof known.messageKey === 'string' ? known.messageKey : 'errors.internal',
          values: {},
          fields: [],
        },
      };
    }
  };
}
