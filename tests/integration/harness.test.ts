// The harness is a local HTTP door onto the records: it must open only for the page it
// served (per-run token, pinned Host) and validate exactly as IPC does.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, TOKEN_HEADER, type Harness } from '../../main/harness/server.ts';
import { tempDir } from '../support/temp-store.ts';

describe('the HTTP harness', () => {
  let harness: Harness;
  beforeEach(async () => {
    const dir = tempDir();
    const renderer = path.join(dir, 'renderer');
    fs.mkdirSync(renderer);
    fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
    harness = await startHarness({ dbFile: path.join(dir, 'h.db'), rendererDir: renderer });
  });
  afterEach(() => harness.close());

  const api = (method: string, body: unknown, headers: Record<string, string> = { [TOKEN_HEADER]: harness.token }) =>
    fetch(`${harness.url}api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('listens on 127.0.0.1 only and serves the page under a strict CSP', async () => {
    expect(new URL(harness.url).hostname).toBe('127.0.0.1');
    const page = await fetch(harness.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('never puts the token in a response anyone on the computer can fetch: it is only in the fragment of the address given to whoever started it', async () => {
    for (const address of [harness.url, `${harness.url}index.html`, `${harness.url}missing.js`, `${harness.url}api/reference.get`]) {
      const response = await fetch(address);
      const text = await response.text();
      expect(text, address).not.toContain(harness.token);
      expect(JSON.stringify([...response.headers]), address).not.toContain(harness.token);
    }
    const open = new URL(harness.openUrl);
    expect(open.origin + open.pathname).toBe(harness.url);
    expect(new URLSearchParams(open.hash.slice(1)).get('harness-token')).toBe(harness.token);
  });

  it('answers a malformed percent-escape with 400, not a 500', async () => {
    for (const address of [`${harness.url}%E0%A4%A`, `${harness.url}assets/%zz.js`, `${harness.url}api/reference.%E0%A4%A`]) {
      const response = await fetch(address, address.includes('/api/') ? { method: 'POST', headers: { [TOKEN_HEADER]: harness.token }, body: '{}' } : {});
      expect(response.status, address).toBe(400);
      expect(await response.text()).not.toMatch(/URIError|at decodeURIComponent|\.ts:\d+/);
    }
  });

  it('refuses calls without the token', async () => {
    expect((await api('reference.get', {}, {})).status).toBe(401);
    expect((await api('reference.get', {}, { [TOKEN_HEADER]: 'guess' })).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { port } = new URL(harness.url);
    const response = await new Promise<number>((resolve, reject) => {
      import('node:http').then(({ request }) => {
        const req = request({ host: '127.0.0.1', port, path: '/', headers: { host: `evil.example:${port}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    });
    expect(response).toBe(421);
  });

  it('serves the same validated api as IPC', async () => {
    // Adding a profile is a coordinator's action: the laptop is set up with one first.
    expect(await (await api('access.setUp', { name: 'Amina', role: 'coordinator', secret: '246810', language: 'en-GB' })).json()).toMatchObject({ ok: true });
    const ok = await (await api('profiles.create', { name: 'Sam', role: 'volunteer', language: 'en-GB' })).json();
    expect(ok).toMatchObject({ ok: true, value: { name: 'Sam' } });
    const bad = await (await api('profiles.create', { name: 'Sam', role: 'admin', language: 'en-GB' })).json();
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const malformed = await fetch(`${harness.url}api/profiles.create`, {
      method: 'POST',
      headers: { [TOKEN_HEADER]: harness.token },
      body: '{not json',
    });
    expect(malformed.status).toBe(400);
  });

  it('does not serve files outside the renderer folder', async () => {
    const response = await fetch(`${harness.url}..%2F..%2Fh.db`);
    expect(response.status).toBe(404);
  });
});
