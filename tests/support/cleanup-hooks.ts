// Vitest setup file (vitest.config.ts): undoes what each test and each file registered with
// tests/support/cleanup.ts. Registered before the file's own hooks, so it runs after them.
import { afterAll, afterEach, beforeEach } from 'vitest';
import { beginTest, endFile, endTest } from './cleanup.ts';

beforeEach(() => beginTest());
afterEach(() => endTest());
afterAll(() => endFile());
