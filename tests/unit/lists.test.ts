import { describe, expect, it } from 'vitest';
import { auditTrailOf } from '../../main/records/audit.ts';
import { recordConversation, updateConversation } from '../../main/records/conversations.ts';
import { DomainError } from '../../shared/errors.ts';
import { openSession } from '../../main/records/events.ts';
import { listHelpContacts, saveHelpContact, setItemRetired } from '../../main/records/lists.ts';
import { referenceData } from '../../main/records/reference.ts';
import { createSite } from '../../main/records/sites.ts';
import { freshStore, manualClock } from '../support/temp-store.ts';

describe('the lists an organisation tailors', () => {
  it('retires a topic for new records but keeps it on old ones, and can reinstate it', async () => {
    const { store } = await freshStore();
    const clock = manualClock();
    const site = createSite(store, clock, { name: 'Hall', authorityCode: 'E09000001', settingType: 'community_centre' });
    const event = openSession(store, clock, { siteId: site.id, kind: 'popup_shop' });
    const fields = {
      eventId: event.id, depth: 'brief_contact', topics: ['hpv_vaccination'], outcomes: [], ageBand: 'not_recorded', sex: 'not_recorded',
      ethnicity: 'not_recorded', language: 'en', safeguarding: false, notes: '',
    };
    const { conversationId } = recordConversation(store, clock, fields);

    setItemRetired(store, clock, 'topic', 'hpv_vaccination', true);
    expect(referenceData(store).lists.topic.map((t) => t.code)).not.toContain('hpv_vaccination');
    expect(() => recordConversation(store, clock, fields)).toThrow(DomainError);
    // A correction to the old record may keep the retired topic.
    expect(updateConversation(store, clock, conversationId, { ...fields, notes: 'fixed' }).topics).toEqual(['hpv_vaccination']);

    setItemRetired(store, clock, 'topic', 'hpv_vaccination', false);
    expect(referenceData(store).lists.topic.map((t) => t.code)).toContain('hpv_vaccination');
  });

  it('edits and adds help contacts, with the organisation\u2019s own wording, in the audit trail', async () => {
    const { store } = await freshStore();
    const clock = manualClock();
    const [samaritans] = listHelpContacts(store, false).filter((c) => c.phone === '116 123');
    const edited = saveHelpContact(store, clock, samaritans!.id, {
      name: 'Samaritans (Lewisham branch)', phone: '116 123', description: 'Any time, free', kind: 'crisis',
    });
    expect(edited).toMatchObject({ name: 'Samaritans (Lewisham branch)', nameKey: null, retired: false });
    const local = saveHelpContact(store, clock, null, { name: 'Lewisham Talking Therapies', phone: '020 3228 2900', description: '', kind: 'local_service' });
    expect(referenceData(store).helpContacts.map((c) => c.name)).toContain('Lewisham Talking Therapies');
    saveHelpContact(store, clock, local.id, { name: 'Lewisham Talking Therapies', phone: '020 3228 2900', description: '', kind: 'local_service' }, true);
    expect(referenceData(store).helpContacts.map((c) => c.name)).not.toContain('Lewisham Talking Therapies');
    expect(auditTrailOf(store, 'help_contact', local.id).map((e) => e.action)).toEqual(['create', 'update']);
  });
});
