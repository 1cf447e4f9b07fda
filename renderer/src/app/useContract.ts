// The one way a screen reads from the contract: loading, the error (shown with LoadProblem),
// and no state set after the screen has gone or asked for something else.
import { startTransition, useCallback, useEffect, useRef, useState } from 'react';
import type { MethodInput, MethodName, MethodOutput } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { startRequest, type RequestState } from './contract-request.ts';

export interface ContractRead<T> {
  value: T | undefined;
  loading: boolean;
  /** The failure (an ApiFailure for the service's own errors); null while loading or after success. */
  error: unknown;
  /** Ask again, e.g. after the screen changed something. */
  reload(): void;
}

export interface ContractReadOptions {
  /** Ask again whenever this changes (a timer's beat, a save's count). */
  version?: unknown;
  /** Draw the reply at low priority (a long picker), so it never holds up what the person asked for. */
  deferred?: boolean;
}

/**
 * Calls `method` with `input` now and whenever the input (compared by value) or `version`
 * changes; pass `null` as input to wait. A reply that arrives after unmount or after a newer
 * request is dropped.
 */
export function useContract<M extends MethodName>(
  method: M,
  input: MethodInput<M> | null,
  { version = 0, deferred = false }: ContractReadOptions = {},
): ContractRead<MethodOutput<M>> {
  const [state, setState] = useState<RequestState<MethodOutput<M>>>({ status: 'loading', value: undefined, error: null });
  const [asked, setAsked] = useState(0);
  const key = input === null ? null : JSON.stringify(input);
  const last = useRef<MethodOutput<M> | undefined>(undefined);
  useEffect(() => {
    if (key === null) return;
    return startRequest(
      () => call(method, JSON.parse(key) as MethodInput<M>),
      (next) => {
        if (next.status === 'done') last.current = next.value;
        if (deferred && next.status !== 'loading') startTransition(() => setState(next));
        // Already loading with the same value (the first request): no render for nothing new.
        else setState((shown) => (shown.status === 'loading' && next.status === 'loading' && shown.value === next.value ? shown : next));
      },
      last.current,
    );
  }, [method, key, version, asked, deferred]);
  const reload = useCallback(() => setAsked((n) => n + 1), []);
  return { value: state.value, loading: state.status === 'loading', error: state.error, reload };
}
