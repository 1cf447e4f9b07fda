// Limits the forms, the contract and the services all enforce, so each says the same thing.

export const limits = {
  nameLength: 120,
  notesLength: 2000,
  visitPeople: 50,
  /** The longest a session may run, and so the most hours one volunteer can give to it. */
  eventHours: 24,
} as const;

export const HOUR_MS = 3_600_000;
