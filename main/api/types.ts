// Every service type the renderer may name, in one place: the renderer imports them only
// through the contract (lint-enforced), so a screen never reaches into a service module.

export type { AccessStatus } from '../access/session.ts';
export type { MaintenanceStatus, RestoreSummary } from './methods/maintenance.ts';
export type { TeamStatus } from './methods/team.ts';
export type { PersonalDetailKind } from '../../shared/personal-details.ts';
export type { JobKind, JobProgress } from '../jobs/progress.ts';
export type { AuditEntry } from '../records/audit.ts';
export type { AuditedEntity, DataCheckFlag } from '../../shared/vocabulary.ts';
export type { ExportFile } from '../../shared/export-file.ts';
export type { Conversation, RecordedConversation } from '../records/conversations.ts';
export type { DataChecksSummary, EventDetail, EventListRow } from '../records/event-list.ts';
export type { EventSummary, SessionTotals } from '../records/events.ts';
export type { FrequentChoices } from '../records/frequent-choices.ts';
export type { ImportOutcome } from '../records/import.ts';
export type { ManagedItem } from '../records/lists.ts';
export type { HelpContact, ReferenceData, ReferenceItem, ReferenceList } from '../records/reference.ts';
export type { Site, SiteFields } from '../records/sites.ts';
export type { Role, Volunteer } from '../records/volunteers.ts';
export type { Activity, CodeCount, DashboardFigures, ExportFormat, MonthlySummary, ReachDimension, RecordCursor, RecordSlice, RecordsPage, ReportFilters, TrendGranularity, TrendPoint } from '../reports/figures.ts';
export type { StartupProgress } from '../startup/progress.ts';
export type { SyncStatus } from '../sync/client.ts';
export type { OutboxEntry } from '../sync/outbox.ts';
export type { BoroughTables, ProtectedCount, Submission } from '../sync/protocol.ts';
export type { MergeOutcome, MergePreview } from '../team/merge.ts';
export type { KnownLaptop, LaptopRecords } from '../team/stats.ts';
