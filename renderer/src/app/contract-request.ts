// The framework-free half of useContract: one request whose reply is dropped once cancelled,
// so a screen that has gone (or asked again) is never handed a late answer or a late error.
export type RequestState<T> =
  | { status: 'loading'; value: T | undefined; error: null }
  | { status: 'done'; value: T; error: null }
  | { status: 'failed'; value: T | undefined; error: unknown };

/**
 * Runs `ask` and reports each state to `report` until the returned cancel is called. Keeps the
 * last value while reloading, so a list does not blink empty on every refresh.
 */
export function startRequest<T>(ask: () => Promise<T>, report: (state: RequestState<T>) => void, previous?: T): () => void {
  let live = true;
  report({ status: 'loading', value: previous, error: null });
  ask().then(
    (value) => {
      if (live) report({ status: 'done', value, error: null });
    },
    (error: unknown) => {
      if (live) report({ status: 'failed', value: previous, error });
    },
  );
  return () => {
    live = false;
  };
}
