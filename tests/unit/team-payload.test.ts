// What a hand-over file may carry: notes and secrets dropped from audit values at any depth
// (in place, as records.ts parses them), and audit values checked as JSON objects.
import { describe, expect, it } from 'vitest';
import { dropNotesInPlace, handoverAudit } from '../../main/team/payload.ts';

describe('hand-over audit values', () => {
  it('drop every notes key and anything like a secret, at any depth, and keep the rest', () => {
    const parsed = JSON.parse(
      JSON.stringify({
        notes: 'Mrs Example, 07700 900123',
        depth: 'brief_contact',
        topics: ['smoking', { notes: 'in a list', code: 'x' }],
        event: { kind: 'community_stall', notes: 'nested', pinHash: 'abc', volunteers: [{ passphrase: 'p', hours: 2 }] },
        safeguarding: false,
        endsAt: null,
      }),
    );
    expect(dropNotesInPlace(parsed)).toEqual({
      depth: 'brief_contact',
      topics: ['smoking', { code: 'x' }],
      event: { kind: 'community_stall', volunteers: [{ hours: 2 }] },
      safeguarding: false,
      endsAt: null,
    });
    expect(JSON.stringify(parsed)).not.toMatch(/notes|Example|pin|passphrase/i);
  });

  it('accept a JSON object or null as before and after, and refuse anything else', () => {
    const entry = {
      uid: 'a'.repeat(36),
      at: '2026-11-10T12:00:00.000Z',
      actor: null,
      entity: 'conversation',
      entityUid: 'b'.repeat(36),
      action: 'update',
      before: null,
      after: { sex: 'female' },
    };
    expect(handoverAudit.safeParse(entry).success).toBe(true);
    for (const after of [[1, 2], 'text', 3, true]) expect(handoverAudit.safeParse({ ...entry, after }).success).toBe(false);
  });
});
