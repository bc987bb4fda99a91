import { defineConfig } from 'drizzle-kit';

// Only `drizzle-kit generate` uses this file: it needs no database. Migrations are applied by the
// server on start (packages/db/src/migrate.ts), on PostgreSQL and PGlite alike.
export default defineConfig({
  dialect: 'postgresql',
  schema: './packages/db/src/schema/index.ts',
  out: './drizzle',
  casing: 'snake_case',
});
