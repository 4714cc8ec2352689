import type { Kysely } from 'kysely';

// Live events, notification preferences and the weekly digest (ADR 0021).
//   - events: the outbox of live events, written in the transaction of the change (an audit record or an
//     in-app notification). Ordered by (txid, id): txid is the writing PostgreSQL transaction's id (0 on
//     SQLite, where writes are serial), id a UUIDv7; readers take only rows of finished transactions, so a
//     cursor never passes a row that commits later. Rows carry ids, the action and the visibility only.
//   - notification_preferences: per person, a channel per kind of notification and the digest day.
//   - notifications.in_app: 0 for a notification its recipient wants by e-mail or in the digest only.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('txid', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('engagement_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_order').on('events').columns(['txid', 'id']).execute();
  await db.schema.createIndex('events_created').on('events').column('created_at').execute();
  await db.schema
    .createTable('notification_preferences')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('kinds', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('digest_enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('digest_day', 'text', (c) => c.notNull().defaultTo('mon'))
    .addColumn('digest_last_period', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('notifications').addColumn('in_app', 'integer', (c) => c.notNull().defaultTo(1)).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notifications').dropColumn('in_app').execute();
  await db.schema.dropTable('notification_preferences').execute();
  await db.schema.dropTable('events').execute();
}
