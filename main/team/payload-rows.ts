// The hand-over payload's many rows (sessions, visits, conversations, audit entries: ~400,000 in a
// 100,000-conversation file) checked by hand, rule for rule the zod schemas in payload.ts, which
// stay the specification: zod cost ~0.9 s of a merge's CPU there, these checks a tenth of it.
// Each returns the row rebuilt in the schema's key order, as zod's parse did (a replaced record
// is written into the audit trail as JSON, so its key order is part of what is written), or
// undefined when the row breaks a rule. tests/unit/team-payload-rows.test.ts holds them to zod.
import { limits } from '../../shared/limits.ts';
import {
  auditedEntities,
  handoverPayload,
  type HandoverAudit,
  type HandoverConversation,
  type HandoverEvent,
  type HandoverPayload,
  type HandoverVisit,
} from './payload.ts';

type Row = Record<string, unknown>;

const isRow = (value: unknown): value is Row => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Strict: no key beyond the schema's `count` (each of which is then checked to be there). */
function keyCount(row: Row): number {
  let count = 0;
  for (const _key in row) count++;
  return count;
}

const text = (value: unknown, min: number, max: number): value is string => typeof value === 'string' && value.length >= min && value.length <= max;
const isUid = (value: unknown): value is string => typeof value === 'string' && value.length === 36;
const isCode = (value: unknown): value is string => text(value, 1, 80);
const isInstant = (value: unknown): value is string => text(value, 10, 40);
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (value: unknown): value is string => typeof value === 'string' && DAY.test(value);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= 100_000;
const isHours = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= limits.eventHours;
const isUidOrNull = (value: unknown): value is string | null => value === null || isUid(value);
const isInstantOrNull = (value: unknown): value is string | null => value === null || isInstant(value);

function isCodeList(value: unknown, min: number): value is string[] {
  if (!Array.isArray(value) || value.length < min || value.length > 50) return false;
  for (const code of value) if (!isCode(code)) return false;
  return true;
}

const ENTITIES = new Set<unknown>(auditedEntities);
const ACTIONS = new Set<unknown>(['create', 'update', 'delete', 'restore']);
const isAuditValue = (value: unknown): value is Record<string, unknown> | null => value === null || isRow(value);

function teamOf(value: unknown): HandoverEvent['volunteers'] | undefined {
  if (!Array.isArray(value) || value.length > 200) return undefined;
  const team: HandoverEvent['volunteers'] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const member: unknown = value[i];
    if (!isRow(member) || keyCount(member) !== 2 || !isUid(member.volunteerUid) || !isHours(member.hours)) return undefined;
    team[i] = { volunteerUid: member.volunteerUid, hours: member.hours };
  }
  return team;
}

export function checkedEvent(row: unknown): HandoverEvent | undefined {
  if (!isRow(row) || keyCount(row) !== 11) return undefined;
  const { uid, siteUid, kind, startsAt, endsAt, localDay, createdBy, createdAt, updatedAt, deletedAt } = row;
  if (
    !isUid(uid) || !isUid(siteUid) || !isCode(kind) || !isInstant(startsAt) || !isInstantOrNull(endsAt) || !isDay(localDay) ||
    !isUidOrNull(createdBy) || !isInstant(createdAt) || !isInstant(updatedAt) || !isInstantOrNull(deletedAt)
  ) {
    return undefined;
  }
  const volunteers = teamOf(row.volunteers);
  if (!volunteers) return undefined;
  return { uid, siteUid, kind, startsAt, endsAt, localDay, createdBy, createdAt, updatedAt, deletedAt, volunteers };
}

export function checkedVisit(row: unknown): HandoverVisit | undefined {
  if (!isRow(row) || keyCount(row) !== 8) return undefined;
  const { uid, eventUid, recordedAt, localDay, adults, children, recordedBy, deletedAt } = row;
  if (
    !isUid(uid) || !isUid(eventUid) || !isInstant(recordedAt) || !isDay(localDay) || !isCount(adults) || !isCount(children) ||
    !isUidOrNull(recordedBy) || !isInstantOrNull(deletedAt)
  ) {
    return undefined;
  }
  return { uid, eventUid, recordedAt, localDay, adults, children, recordedBy, deletedAt };
}

export function checkedConversation(row: unknown): HandoverConversation | undefined {
  if (!isRow(row) || keyCount(row) !== 15) return undefined;
  const { uid, eventUid, recordedAt, localDay, recordedBy, depth, topics, outcomes, ageBand, sex, ethnicity, language, safeguarding, updatedAt, deletedAt } = row;
  if (
    !isUid(uid) || !isUid(eventUid) || !isInstant(recordedAt) || !isDay(localDay) || !isUidOrNull(recordedBy) || !isCode(depth) ||
    !isCodeList(topics, 1) || !isCodeList(outcomes, 0) || !isCode(ageBand) || !isCode(sex) || !isCode(ethnicity) || !isCode(language) ||
    typeof safeguarding !== 'boolean' || !isInstant(updatedAt) || !isInstantOrNull(deletedAt)
  ) {
    return undefined;
  }
  return {
    uid, eventUid, recordedAt, localDay, recordedBy, depth, topics, outcomes, ageBand, sex, ethnicity, language, safeguarding,
    updatedAt, deletedAt,
  };
}

export function checkedAudit(row: unknown): HandoverAudit | undefined {
  if (!isRow(row) || keyCount(row) !== 8) return undefined;
  const { uid, at, actor, entity, entityUid, action, before, after } = row;
  if (
    !isUid(uid) || !isInstant(at) || !isUidOrNull(actor) || !ENTITIES.has(entity) || !isUid(entityUid) || !ACTIONS.has(action) ||
    !isAuditValue(before) || !isAuditValue(after)
  ) {
    return undefined;
  }
  return { uid, at, actor, entity: entity as HandoverAudit['entity'], entityUid, action: action as HandoverAudit['action'], before, after };
}

/** Every row checked and rebuilt, or undefined at the first that breaks a rule. */
export function checkedRows<T>(rows: unknown, check: (row: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(rows)) return undefined;
  const checked: T[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = check(rows[i]);
    if (row === undefined) return undefined;
    checked[i] = row;
  }
  return checked;
}

/** The payload's head and its few volunteers and sites: zod, as payload.ts declares them. */
const payloadHead = handoverPayload.pick({ laptop: true, writtenAt: true, volunteers: true, sites: true });

/**
 * The decrypted payload, checked as `handoverPayload` in payload.ts would check it (the same
 * rules, the same rebuilt rows), or undefined when anything in it breaks a rule.
 */
export function parseHandoverPayload(raw: unknown): HandoverPayload | undefined {
  if (!isRow(raw) || keyCount(raw) !== 8) return undefined;
  const head = payloadHead.safeParse({ laptop: raw.laptop, writtenAt: raw.writtenAt, volunteers: raw.volunteers, sites: raw.sites });
  if (!head.success) return undefined;
  const events = checkedRows(raw.events, checkedEvent);
  const visits = events && checkedRows(raw.visits, checkedVisit);
  const conversations = visits && checkedRows(raw.conversations, checkedConversation);
  const audit = conversations && checkedRows(raw.audit, checkedAudit);
  if (!events || !visits || !conversations || !audit) return undefined;
  const { laptop, writtenAt, volunteers, sites } = head.data;
  return { laptop, writtenAt, volunteers, sites, events, visits, conversations, audit };
}
