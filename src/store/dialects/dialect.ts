import type { ColumnDefinitionBuilder, CreateTableBuilder } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/**
 * The few places SQLite and PostgreSQL differ, kept in one small helper (Directus-style) so the
 * migrations and repositories stay dialect-free.
 */
export interface DialectHelpers {
  name: DialectName;
  /** An auto-increment integer primary key column. */
  addIdColumn<T extends string>(table: CreateTableBuilder<T, never>, column: string): CreateTableBuilder<T, never>;
  /** Type for floating-point columns. */
  float: 'real' | 'double precision';
  /** Type for counters that can exceed 2^31 (views). */
  bigint: 'integer' | 'bigint';
  /** Type for binary content (snapshot chunks). */
  blob: 'blob' | 'bytea';
}

const sqlite: DialectHelpers = {
  name: 'sqlite',
  addIdColumn: (table, column) => table.addColumn(column, 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement()),
  float: 'real',
  bigint: 'integer',
  blob: 'blob',
};

const postgres: DialectHelpers = {
  name: 'postgres',
  addIdColumn: (table, column) => table.addColumn(column, 'bigserial', (c: ColumnDefinitionBuilder) => c.primaryKey()),
  float: 'double precision',
  bigint: 'bigint',
  blob: 'bytea',
};

export const dialectHelpers = (name: DialectName): DialectHelpers => (name === 'sqlite' ? sqlite : postgres);
