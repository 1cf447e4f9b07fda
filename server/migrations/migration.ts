/** One forward-only schema step; `id`s are applied in order and recorded in collector_migrations. */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}
