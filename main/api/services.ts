// Binds each contract method to the service that does the work, for one open database.
// Transport-agnostic: Electron IPC, the HTTP harness and tests all call through this.
import type { Store } from '../db/store.ts';
import { recentChanges } from '../records/audit.ts';
import type { Clock } from '../records/clock.ts';
import { findConversation, recordConversation, setConversationDeleted } from '../records/conversations.ts';
import { notFound } from '../records/errors.ts';
import { closeSession, openSession, sessionTotals, todaysSessions, findEvent } from '../records/events.ts';
import { referenceData } from '../records/reference.ts';
import { createSite, listSites, setSiteRetired, updateSite } from '../records/sites.ts';
import { recordVisit, setVisitDeleted } from '../records/visits.ts';
import {
  createVolunteer,
  currentVolunteer,
  listVolunteers,
  setVolunteerLanguage,
  switchVolunteer,
} from '../records/volunteers.ts';
import { createDispatcher, type DispatcherOptions, type Handlers } from './dispatcher.ts';

export interface ServiceContext {
  store: Store;
  clock: Clock;
}

export function createHandlers({ store, clock }: ServiceContext): Handlers {
  return {
    'reference.get': () => referenceData(store),

    'profiles.list': () => listVolunteers(store),
    'profiles.current': () => currentVolunteer(store),
    'profiles.create': (input) => createVolunteer(store, clock, input),
    'profiles.switch': ({ id }) => switchVolunteer(store, id),
    'profiles.setLanguage': ({ language }) => setVolunteerLanguage(store, language),

    'sites.list': ({ includeRetired }) => listSites(store, includeRetired ?? false),
    'sites.create': (input) => createSite(store, clock, input),
    'sites.update': ({ id, fields }) => updateSite(store, clock, id, fields),
    'sites.setRetired': ({ id, retired }) => setSiteRetired(store, clock, id, retired),

    'sessions.today': () => todaysSessions(store, clock),
    'sessions.open': (input) => openSession(store, clock, input),
    'sessions.close': ({ eventId }) => closeSession(store, clock, eventId),
    'sessions.totals': ({ eventId }) => {
      if (!findEvent(store, eventId)) throw notFound('event');
      return sessionTotals(store, eventId);
    },

    'visits.record': (input) => recordVisit(store, clock, input),
    'visits.setDeleted': ({ id, deleted }) => setVisitDeleted(store, clock, id, deleted),

    'conversations.record': (input) => recordConversation(store, clock, input),
    'conversations.get': ({ id }) => {
      const conversation = findConversation(store, id);
      if (!conversation) throw notFound('conversation');
      return conversation;
    },
    'conversations.setDeleted': ({ id, deleted }) => setConversationDeleted(store, clock, id, deleted),

    'audit.recent': ({ limit, beforeId }) => recentChanges(store, limit, beforeId),
  };
}

export function createServiceDispatcher(context: ServiceContext, options?: DispatcherOptions) {
  return createDispatcher(createHandlers(context), options);
}
