// Methods for getting help: the app's logs as one file to send to an IT contact. The logs hold
// method names, error codes and stack traces only (see main/logging/redact.ts).
import type { SupportLogBundle } from '../../logging/export.ts';
import { method, none } from '../schema-parts.ts';

export const supportMethods = {
  'support.exportLogs': method('coordinator', none).returns<SupportLogBundle>(),
};
