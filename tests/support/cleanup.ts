// What a test makes outside the repository (temp folders, open stores, child processes) is
// registered here and undone after it, pass or fail: after each test for what a test (or a
// beforeEach) made, after the file for what the file made at load or in a beforeAll.
// tests/support/cleanup-hooks.ts (a Vitest setup file) runs it; Playwright specs use it through
// their fixtures (tests/e2e/fixtures.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

type Task = () => unknown;

const fileTasks: Task[] = [];
let testTasks: Task[] | null = null;

/** Runs `task` when the current test ends (or, outside a test, when the file ends). */
export function onCleanup(task: Task): void {
  (testTasks ?? fileTasks).push(task);
}

/** Every temp entry the tests make starts so: `npm test` fails if one is left behind (tests/run-all.ts). */
export const TEMP_PREFIX = 'outreach-tally-';

/** A fresh folder in the system temp folder, removed with everything in it when the test (or file) ends. */
export function tempDir(prefix = TEMP_PREFIX): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix.startsWith(TEMP_PREFIX) ? prefix : `${TEMP_PREFIX}${prefix}`));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }));
  return dir;
}

/** Runs the tasks last registered first (a store closes before its folder goes), each even if one before it failed. */
async function run(tasks: Task[]): Promise<void> {
  const errors: unknown[] = [];
  for (const task of tasks.splice(0).reverse()) {
    try {
      await task();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, 'several clean-up steps failed');
}

export function beginTest(): void {
  testTasks = [];
}

export async function endTest(): Promise<void> {
  const tasks = testTasks ?? [];
  testTasks = null;
  await run(tasks);
}

export async function endFile(): Promise<void> {
  await run(fileTasks);
}

interface ChildLike {
  exitCode: number | null;
  signalCode: NodeJS.Signals | null;
  kill(signal?: NodeJS.Signals): boolean;
  once(event: 'exit', listener: () => void): unknown;
}

/** A child process the test started: killed (and waited for) when the test ends, if it is still running. */
export function stopOnCleanup<T extends ChildLike>(child: T): T {
  onCleanup(
    () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  return child;
}
