// Logs hold method names, error codes and stack traces, never what a volunteer typed or a token.
import { describe, expect, it } from 'vitest';
import { describeError, redact, safeFields } from '../../main/logging/redact.ts';

const noHome = { home: null };

describe('redact', () => {
  it('takes out bearer tokens, credentials and opaque secrets', () => {
    const token = 'x9Qm3ZrT7uVw2YbK5nLp8HsD4fGj6A';
    expect(redact(`Authorization: Bearer ${token}`, noHome)).not.toContain(token);
    expect(redact(`token=${token}&x=1`, noHome)).not.toContain(token);
    expect(redact(`{"password": "hunter2 hunter2"}`, noHome)).not.toContain('hunter2');
    expect(redact(`sent ${token} to the collector`, noHome)).toBe('sent [secret] to the collector');
    expect(redact('key 3f2a9c0b1d4e5f60718293a4b5c6d7e8f9a0b1c2', noHome)).toContain('[secret]');
  });

  it('takes out personal details: emails, postcodes, phone and NHS numbers, dates of birth', () => {
    const text = redact('Contact jo.bloggs@example.com at SE13 5AB on 07700 900123, NHS 943 476 5919, born 03/04/1961', noHome);
    for (const detail of ['jo.bloggs', 'SE13 5AB', '07700 900123', '943 476 5919', '03/04/1961']) expect(text).not.toContain(detail);
    expect(text).toContain('[email]');
    expect(text).toContain('[postcode]');
    expect(text).toContain('[date]');
  });

  it('treats anything quoted as someone\'s words', () => {
    const text = redact('Invalid note "Mrs Patel said her mum has a lump" for site \'Deptford Market\'', noHome);
    expect(text).not.toMatch(/Patel|lump|Deptford/);
    expect(text).toContain('Invalid note');
    expect(redact("the volunteer's session wasn't closed", noHome)).toBe("the volunteer's session wasn't closed");
  });

  it('keeps URLs to scheme, host and path', () => {
    expect(redact('GET https://user:pw@collector.example.org/v1/submissions?token=abc#x failed', noHome)).toBe(
      'GET https://collector.example.org/v1/submissions failed',
    );
  });

  it('replaces the home folder, which often carries a person\'s name', () => {
    expect(redact('at open (/home/amina.yusuf/.config/Outreach Tally/db.ts:3:7)', { home: '/home/amina.yusuf' })).toBe(
      'at open (~/.config/Outreach Tally/db.ts:3:7)',
    );
  });

  it('leaves what support needs: method names, codes, versions, ids, stack positions and timestamps', () => {
    const text = 'api.failed method=sessions.open code=SQLITE_BUSY version=1.2.0 id=6f1c2d3e-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
    expect(redact(text, noHome)).toBe(text);
    const frame = '    at recordConversation (file:///app/out/main/index.js:1234:56)';
    expect(redact(frame, noHome)).toBe(frame);
    expect(redact('[2026-11-20T10:00:00.000Z] [info] updates.current', noHome)).toBe('[2026-11-20T10:00:00.000Z] [info] updates.current');
    expect(redact('at processTicksAndRejections (node:internal/process/task_queues:105:5)', noHome)).toContain('task_queues:105:5');
  });

  it('gives the same answer when applied again (the loggers and the export each redact)', () => {
    for (const text of ['Bearer x9Qm3ZrT7uVw2YbK5nLp8HsD4fGj6A', 'note "a lump" at SE13 5AB', 'token=[redacted] password: "x"']) {
      expect(redact(redact(text, noHome), noHome)).toBe(redact(text, noHome));
    }
  });

  it('cuts very long text', () => {
    expect(redact('a '.repeat(10_000), { home: null, maxLength: 100 })).toMatch(/… \[cut\]$/);
  });
});

describe('safeFields', () => {
  it('keeps numbers, flags and code-like words and replaces anything else', () => {
    expect(
      safeFields({ method: 'sessions.open', code: 'SQLITE_BUSY', version: '1.2.0', count: 3, ok: true, name: 'Amina Yusuf', skip: undefined }),
    ).toEqual({ method: 'sessions.open', code: 'SQLITE_BUSY', version: '1.2.0', count: '3', ok: 'true', name: '[redacted]' });
  });

  it('replaces secrets and personal details even when they look like one word', () => {
    expect(safeFields({ token: 'x9Qm3ZrT7uVw2YbK5nLp8HsD4fGj6A', email: 'a@b.org', postcode: 'se135ab' })).toEqual({
      token: '[redacted]',
      email: '[redacted]',
      postcode: '[redacted]',
    });
  });
});

describe('describeError', () => {
  it('keeps the class, the code and the stack, and takes quoted input out of the message', () => {
    const error = Object.assign(new Error('UNIQUE constraint failed for "Amina Yusuf"'), { code: 'SQLITE_CONSTRAINT' });
    const text = describeError(error, noHome);
    expect(text).toMatch(/^Error \[SQLITE_CONSTRAINT\]: UNIQUE constraint failed for "\[redacted\]"/);
    expect(text).not.toContain('Amina');
    expect(text).toMatch(/\n\s+at /);
  });

  it('follows causes and copes with thrown non-errors', () => {
    const error = new Error('sync failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    expect(describeError(error, noHome)).toContain('Caused by: Error [ECONNREFUSED]: connect ECONNREFUSED');
    expect(describeError({ note: 'secret' }, noHome)).toBe('Non-error value (object)');
  });
});
