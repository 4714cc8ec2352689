import type { Kysely } from 'kysely';

// Signed webhooks (issue 16, ADR 0026). An endpoint belongs to one side of an
// engagement (registered by its lead or sponsor) and remembers who created it
// with which role: its payloads are what that role may read. A message is one
// event as the endpoint's creator may see it (its body is fixed, so every
// attempt signs the same bytes under the same webhook-id); an attempt is one
// try at sending it, each run by its own job. The secret is kept as it was
// shown once (HMAC needs it); a rotated one stays beside it for 24 h.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('side', 'text', (c) => c.notNull()) // provider | client
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_role', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull()) // JSON array of event types ('commitment.*', '*')
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('previous_secret', 'text')
    .addColumn('previous_secret_expires_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // enabled | disabled
    .addColumn('disabled_reason', 'text')
    .addColumn('disabled_at', 'text')
    .addColumn('failing_since', 'text') // the first failure of the current run of consecutive failures
    .addColumn('last_success_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhooks_engagement').on('webhooks').columns(['engagement_id', 'status']).execute();

  await db.schema
    .createTable('webhook_messages')
    .addColumn('id', 'text', (c) => c.primaryKey()) // msg_<uuidv7>: the webhook-id header
    .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_messages_webhook').on('webhook_messages').columns(['webhook_id', 'id']).execute();

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull().references('webhook_messages.id').onDelete('cascade'))
    .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull()) // event | test | redeliver
    .addColumn('status', 'text', (c) => c.notNull()) // pending | succeeded | failed | cancelled
    .addColumn('scheduled_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('duration_ms', 'integer')
    .addColumn('request_url', 'text', (c) => c.notNull())
    .addColumn('request_headers', 'text') // JSON, without the signature
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text') // the first 2 KB
    .addColumn('error', 'text')
    .addColumn('next_attempt_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_attempts_webhook').on('webhook_attempts').columns(['webhook_id', 'id']).execute();
  await db.schema.createIndex('webhook_attempts_message').on('webhook_attempts').columns(['message_id', 'attempt']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: as above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webhook_attempts').execute();
  await db.schema.dropTable('webhook_messages').execute();
  await db.schema.dropTable('webhooks').execute();
}
