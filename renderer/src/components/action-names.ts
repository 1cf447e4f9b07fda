// Buttons that show a short word ("Delete") but are named by a whole sentence saying what they act
// on ("Delete conversation at 10:42"). Each pair is one key per action and thing, so every language
// can inflect the sentence as a whole instead of gluing a noun after the verb; the sentence starts
// with the word shown, so a speech user can say what they see (WCAG 2.5.3, checked for every
// language by tests/unit/action-names.test.ts).

export interface NamedAction {
  /** Key of the word on the button. */
  readonly label: string;
  /** Key of the button's accessible name: a sentence that starts with the label's text. */
  readonly name: string;
}

export type EventRowKind = 'conversation' | 'visit';
export type EventRowAction = 'change' | 'delete' | 'restore' | 'history';

/** A record's buttons in an event's tables; each name takes `{{time}}`, when the record was made. */
export const eventRowActions: Record<EventRowKind, Record<EventRowAction, NamedAction>> = {
  conversation: {
    change: { label: 'eventDetail.edit', name: 'eventDetail.rowActions.edit_conversation' },
    delete: { label: 'eventDetail.delete_record', name: 'eventDetail.rowActions.delete_conversation' },
    restore: { label: 'eventDetail.restore_record', name: 'eventDetail.rowActions.restore_conversation' },
    history: { label: 'eventDetail.history', name: 'eventDetail.rowActions.history_conversation' },
  },
  visit: {
    change: { label: 'eventDetail.correctVisit', name: 'eventDetail.rowActions.correct_visit' },
    delete: { label: 'eventDetail.delete_record', name: 'eventDetail.rowActions.delete_visit' },
    restore: { label: 'eventDetail.restore_record', name: 'eventDetail.rowActions.restore_visit' },
    history: { label: 'eventDetail.history', name: 'eventDetail.rowActions.history_visit' },
  },
};

/** A site's buttons on the Sites screen; each name takes `{{name}}`, the site's name. */
export const siteRowActions: Record<'edit' | 'retire' | 'reinstate', NamedAction> = {
  edit: { label: 'sites.edit', name: 'sites.rowActions.edit' },
  retire: { label: 'sites.retire', name: 'sites.rowActions.retire' },
  reinstate: { label: 'sites.reinstate', name: 'sites.rowActions.reinstate' },
};

/** The data checks' "Show them" buttons in a report, named by the check they open. */
export const dataQualityShowActions: Record<'openSessions' | 'sessionsWithoutRecords', NamedAction> = {
  openSessions: { label: 'dashboard.quality.show', name: 'dashboard.quality.showEvents.openSessions' },
  sessionsWithoutRecords: { label: 'dashboard.quality.show', name: 'dashboard.quality.showEvents.sessionsWithoutRecords' },
};
