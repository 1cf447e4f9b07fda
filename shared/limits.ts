// Limits the forms, the contract and the services all enforce, so each says the same thing.

export const limits = {
  nameLength: 120,
  notesLength: 2000,
  visitPeople: 50,
} as const;
