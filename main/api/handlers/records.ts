// Handlers for the records methods: each binds a contract method to its service.
import { auditTrailOf, recentChanges } from '../../records/audit.ts';
import { createEvent, setEventDeleted, updateEvent } from '../../records/event-admin.ts';
import { dataChecksSummary, eventDetail, listEvents } from '../../records/event-list.ts';
import { findConversation, recordConversation, setConversationDeleted, updateConversation } from '../../records/conversations.ts';
import { notFound } from '../../../shared/errors.ts';
import { frequentChoices } from '../../records/frequent-choices.ts';
import {
  closeSession,
  findEvent,
  leaveAllStaleSessionsForCoordinator,
  leaveSessionForCoordinator,
  openSession,
  sessionTotals,
  staleSessions,
  todaysSessions,
} from '../../records/events.ts';
import { addConversationToEvent, addVisitToEvent } from '../../records/past-records.ts';
import { listHelpContacts, listItems, saveHelpContact, setItemRetired } from '../../records/lists.ts';
import { referenceData } from '../../records/reference.ts';
import { createSite, listSites, setSiteRetired, updateSite } from '../../records/sites.ts';
import { correctVisit, recordVisit, setVisitDeleted } from '../../records/visits.ts';
import { currentVolunteer, listVolunteers, requireCoordinator, setVolunteerLanguage } from '../../records/volunteers.ts';
import { prepareSecret } from '../../access/profile-secrets.ts';
import { addProfile, changeProfile, continueAsVolunteer } from '../../access/profiles.ts';
import { sessionOf } from '../../access/session.ts';
import type { HandlersFor } from '../dispatcher.ts';
import type { recordsMethods } from '../methods/records.ts';
import type { ServiceContext } from '../services.ts';

export function recordsHandlers(context: ServiceContext): HandlersFor<typeof recordsMethods> {
  const { store, clock } = context;
  const session = sessionOf(context);
  return {
    'reference.get': () => referenceData(store),

    'profiles.list': () => listVolunteers(store),
    'profiles.current': () => currentVolunteer(store),
    'profiles.create': async ({ secret, ...fields }) =>
      addProfile(store, clock, fields, secret === undefined ? null : await prepareSecret(secret)),
    // Switching to a volunteer needs no PIN; to a coordinator or lead it goes through access.unlock.
    'profiles.switch': ({ id }) => {
      const profile = continueAsVolunteer(store, clock, id);
      session.openFor(profile.id, { elevated: false });
      return profile;
    },
    'profiles.setLanguage': ({ language }) => setVolunteerLanguage(store, language),
    'volunteers.list': ({ includeRetired }) => listVolunteers(store, includeRetired ?? false),
    'volunteers.update': async ({ id, fields: { secret, ...fields } }) =>
      changeProfile(store, clock, id, fields, secret === undefined ? null : await prepareSecret(secret)),

    'sites.list': ({ includeRetired }) => listSites(store, includeRetired ?? false),
    'sites.create': (input) => createSite(store, clock, input),
    'sites.update': ({ id, fields }) => updateSite(store, clock, id, fields),
    'sites.setRetired': ({ id, retired }) => setSiteRetired(store, clock, id, retired),

    'sessions.today': () => todaysSessions(store, clock),
    'sessions.open': (input) => openSession(store, clock, input),
    'sessions.stale': () => staleSessions(store, clock),
    'sessions.close': ({ eventId, endsAt }) => closeSession(store, clock, eventId, endsAt),
    'sessions.leaveForCoordinator': ({ eventId }) => leaveSessionForCoordinator(store, clock, eventId),
    'sessions.leaveAllForCoordinator': () => leaveAllStaleSessionsForCoordinator(store, clock),
    'sessions.totals': ({ eventId }) => {
      if (!findEvent(store, eventId)) throw notFound('event');
      return sessionTotals(store, eventId);
    },

    'events.list': ({ filters, limit, after }) => listEvents(store, clock, filters, { limit, after }),
    'events.dataChecks': ({ filters }) => dataChecksSummary(store, clock, filters),
    'events.detail': ({ id }) => {
      requireCoordinator(store);
      return eventDetail(store, id);
    },
    'events.create': (fields) => createEvent(store, clock, fields),
    'events.update': ({ id, fields }) => updateEvent(store, clock, id, fields),
    'events.addVisit': (input) => addVisitToEvent(store, clock, input),
    'events.addConversation': (input) => addConversationToEvent(store, clock, input),
    'events.setDeleted': ({ id, deleted }) => setEventDeleted(store, clock, id, deleted),

    'visits.record': (input) => ({ ...recordVisit(store, clock, input), totals: sessionTotals(store, input.eventId) }),
    'visits.setDeleted': ({ id, deleted }) => setVisitDeleted(store, clock, id, deleted),
    'visits.correct': ({ id, adults, children }) => correctVisit(store, clock, id, { adults, children }),

    'conversations.record': (input) => ({ ...recordConversation(store, clock, input), totals: sessionTotals(store, input.eventId) }),
    'conversations.frequentChoices': ({ eventId }) => frequentChoices(store, eventId),
    'conversations.get': ({ id }) => {
      const conversation = findConversation(store, id);
      if (!conversation) throw notFound('conversation');
      return conversation;
    },
    'conversations.update': ({ id, fields }) => updateConversation(store, clock, id, fields),
    'conversations.setDeleted': ({ id, deleted }) => setConversationDeleted(store, clock, id, deleted),

    'audit.trail': ({ entity, id }) => auditTrailOf(store, entity, id),
    'lists.items': () => listItems(store),
    'lists.setItemRetired': ({ list, code, retired }) => setItemRetired(store, clock, list, code, retired),
    'lists.helpContacts': ({ includeRetired }) => listHelpContacts(store, includeRetired),
    'lists.saveHelpContact': ({ id, fields, retired }) => saveHelpContact(store, clock, id, fields, retired),
    'audit.recent': ({ limit, beforeId }) => recentChanges(store, limit, beforeId),
  };
}

