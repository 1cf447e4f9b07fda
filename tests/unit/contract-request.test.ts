// useContract's core: a screen is told of failures, and a reply that arrives after the screen
// went away (cancel) changes nothing.
import { describe, expect, it } from 'vitest';
import { startRequest, type RequestState } from '../../renderer/src/app/contract-request.ts';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('startRequest', () => {
  it('reports loading, then the value', async () => {
    const reply = deferred<number[]>();
    const states: RequestState<number[]>[] = [];
    startRequest(() => reply.promise, (s) => states.push(s));
    expect(states).toEqual([{ status: 'loading', value: undefined, error: null }]);
    reply.resolve([1, 2]);
    await settle();
    expect(states.at(-1)).toEqual({ status: 'done', value: [1, 2], error: null });
  });

  it('reports a failure with the error, keeping the last value', async () => {
    const reply = deferred<number[]>();
    const states: RequestState<number[]>[] = [];
    const failure = new Error('errors.network');
    startRequest(() => reply.promise, (s) => states.push(s), [7]);
    reply.reject(failure);
    await settle();
    expect(states.at(-1)).toEqual({ status: 'failed', value: [7], error: failure });
  });

  it('sets nothing when the reply or the error arrives after cancel (the screen unmounted)', async () => {
    for (const outcome of ['resolve', 'reject'] as const) {
      const reply = deferred<string>();
      const states: RequestState<string>[] = [];
      const cancel = startRequest(() => reply.promise, (s) => states.push(s));
      cancel();
      if (outcome === 'resolve') reply.resolve('late');
      else reply.reject(new Error('late'));
      await settle();
      expect(states.map((s) => s.status)).toEqual(['loading']);
    }
  });
});
