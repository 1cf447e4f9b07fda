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

function pickTransport(): Transport {
  const bridge = window.outreach;
  if (bridge) {
    return (method, input) => (bridge as unknown as Record<string, (i: unknown) => Promise<ApiResult<unknown>>>)[method]!(input);
  }
  const token = document.querySelector<HTMLMetaElement>('meta[name="outreach-harness-token"]')?.content;
  if (!token) throw new Error('Outreach Tally must run in its app window or through `npm run preview`.');
  return harnessTransport(token);
}

const transport = pickTransport();

export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await transport(method, input);
  if (!result.ok) throw new ApiFailure(result.error);
  announceChange(method);
  return result.value as MethodOutput<M>;
}
