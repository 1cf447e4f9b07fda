// `npm test`: every check, in order, each one run even when an earlier one fails so the
// report is complete. Ends with one plain line, `N passed, N failed`, that CI reads.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEMP_PREFIX } from './support/cleanup.ts';

const root = path.resolve(import.meta.dirname, '..');
const results = path.join(root, 'test-results');
fs.mkdirSync(results, { recursive: true });
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);

// Every check runs with a temp folder of this run's own (children inherit it), so what the
// tests leave behind can be told from what other programs make in the system temp folder at
// the same time. The folder itself is removed at the end, whatever happened.
const systemTemp = os.tmpdir();
const runTemp = fs.mkdtempSync(path.join(systemTemp, 'npm-test-'));
const leftInSystemTemp = new Set(fs.readdirSync(systemTemp).filter((name) => name.startsWith(TEMP_PREFIX)));
const testEnv = { ...process.env, FORCE_COLOR: '0', TMPDIR: runTemp, TMP: runTemp, TEMP: runTemp };

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

function run(label: string, command: string, args: string[]): boolean {
  console.log(`\n▶ ${label}: ${path.basename(command)} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: testEnv });
  return result.status === 0;
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

// Whole-project checks count as one test each.
function check(label: string, command: string, args: string[]): boolean {
  const ok = run(label, command, args);
  if (ok) tally.passed += 1;
  else {
    tally.failed += 1;
    failures.push(label);
  }
  return ok;
}

check('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
check('lint', bin('eslint'), ['--max-warnings', '0', '.']);
const built = check('build (main, preload, renderer)', bin('electron-vite'), ['build']);
check('electronegativity', process.execPath, ['tests/electronegativity.ts']);

const vitestFile = path.join(results, 'vitest.json');
fs.rmSync(vitestFile, { force: true });
const vitestOk = run('unit and integration tests', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${vitestFile}`,
]);
const vitest = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }>(
  vitestFile,
);
if (vitest) {
  tally.passed += vitest.numPassedTests;
  tally.failed += vitest.numFailedTests;
  tally.skipped += vitest.numPendingTests + vitest.numTodoTests;
}
if (!vitestOk && (!vitest || vitest.numFailedTests === 0)) {
  tally.failed += 1; // the runner itself failed (a suite that did not load, say)
}
if (!vitestOk) failures.push('unit and integration tests');

if (built) {
  const e2eFile = path.join(results, 'e2e.json');
  fs.rmSync(e2eFile, { force: true });
  const e2eOk = run('browser tests', bin('playwright'), ['test']);
  const e2e = readJson<{ stats: { expected: number; unexpected: number; skipped: number; flaky: number } }>(e2eFile);
  if (e2e) {
    tally.passed += e2e.stats.expected;
    tally.failed += e2e.stats.unexpected + e2e.stats.flaky;
    tally.skipped += e2e.stats.skipped;
  }
  if (!e2eOk && (!e2e || e2e.stats.unexpected + e2e.stats.flaky === 0)) tally.failed += 1;
  if (!e2eOk) failures.push('browser tests');
} else {
  tally.failed += 1;
  failures.push('browser tests (not run: the build failed)');
}

// Tests remove what they make (tests/support/cleanup.ts): anything left is a test to fix. A
// program that ignored TMPDIR wrote to the system temp folder: entries new since the start count too.
const leftInRun = fs.readdirSync(runTemp).filter((name) => name.startsWith(TEMP_PREFIX));
const newInSystemTemp = fs.readdirSync(systemTemp).filter((name) => name.startsWith(TEMP_PREFIX) && !leftInSystemTemp.has(name));
fs.rmSync(runTemp, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
console.log(`\n▶ temp folders left by the tests (${TEMP_PREFIX}*)`);
if (leftInRun.length > 0) {
  tally.failed += 1;
  failures.push(`${leftInRun.length} temp folder(s) left by the tests`);
  console.log(`Left behind (a test or the process it started does not remove what it made):\n  ${leftInRun.sort().join('\n  ')}`);
} else tally.passed += 1;
if (newInSystemTemp.length > 0) {
  // Not failed: another program on this computer may have made them during the run.
  console.log(`New in ${systemTemp} since the run began (made by something that ignores TMPDIR, or another program):\n  ${newInSystemTemp.sort().join('\n  ')}`);
}

console.log('');
if (failures.length > 0) console.log(`Failed: ${failures.join('; ')}`);
console.log(`${tally.passed} passed, ${tally.failed} failed${tally.skipped ? `, ${tally.skipped} skipped` : ''}`);
process.exit(tally.failed > 0 ? 1 : 0);
