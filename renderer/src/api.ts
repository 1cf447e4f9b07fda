// The renderer's only way to the data: the preload bridge in Electron, or the harness over
// HTTP in a plain browser. Both return an ApiResult; failures become ApiFailure with a
// message key, so every screen shows errors the same way, in the volunteer's language.
import { announceChange } from './data-changes.ts';
import type { ApiErrorPayload, ApiResult, MethodInput, MethodName, MethodOutput, OutreachApi } from '../../main/api/contract.ts';

declare global {
  interface Window {
    outreach?: OutreachApi;
  }
}

export class ApiFailure extends Error {
  readonly payload: ApiErrorPayload;
  constructor(payload: ApiErrorPayload) {
    super(payload.messageKey);
    this.payload = payload;
  }
}

type Transport = (method: string, input: unknown) => Promise<ApiResult<unknown>>;

function harnessTransport(token: string): Transport {
  return async (method, input) => {
    try {
      const response = await fetch(`/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-outreach-token': token },
        body: JSON.stringify(input ?? {}),
      });
      if (!response.ok) throw new Error(String(response.status));
      return (await response.json()) as ApiResult<unknown>;
    } catch {
      return { ok: false, error: { code: 'unavailable', messageKey: 'errors.network', values: {}, fields: [] } };
    }
  };
}

const HARNESS_TOKEN_KEY = 'outreach-harness-token';

/**
 * The harness's token: given once in the address's fragment (never sent to the server, never
 * in a page anyone can fetch), then kept in this tab's sessionStorage and taken out of the
 * address bar, so it is not left in history or bookmarks.
 */
function harnessToken(): string | null {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const given = fragment.get('harness-token');
  if (given) {
    window.sessionStorage.setItem(HARNESS_TOKEN_KEY, given);
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return window.sessionStorage.getItem(HARNESS_TOKEN_KEY);
}

function pickTransport(): Transport {
  const bridge = window.outreach;
  if (bridge) {
    return (method, input) => (bridge as unknown as Record<string, (i: unknown) => Promise<ApiResult<unknown>>>)[method]!(input);
  }
  const token = harnessToken();
  if (!token) throw new Error('Outreach Tally must run in its app window or through `npm run preview` (open the address it prints).');
  return harnessTransport(token);
}

const transport = pickTransport();

/**
 * What the app does when the main process says the laptop is locked, or asks for a
 * coordinator's PIN (or a first PIN) before an action. Set by App; every screen's calls go
 * through it, so no screen needs its own PIN handling.
 */
export interface AccessPrompts {
  /** Ask for the PIN; true once it was typed (the call is then made again), false if cancelled. */
  unlock(error: ApiErrorPayload): Promise<boolean>;
  locked(): void;
}

let prompts: AccessPrompts | null = null;

export function setAccessPrompts(next: AccessPrompts | null): void {
  prompts = next;
}

export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  let result = await transport(method, input);
  if (!result.ok && prompts) {
    const { code } = result.error;
    if (code === 'unlock_required' || code === 'setup_required') {
      if (await prompts.unlock(result.error)) result = await transport(method, input);
    } else if (code === 'locked') {
      prompts.locked();
    }
  }
  if (!result.ok) throw new ApiFailure(result.error);
  announceChange(method);
  return result.value as MethodOutput<M>;
}
