import type { Kysely } from 'kysely';
import type pino from 'pino';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Dialect } from '../db/database';
import type { DB } from '../db/schema';
import type { Mailer } from '../mail/mailer';

/** What every use case gets: the database, time, configuration and the mailer. */
export interface Deps {
  db: Kysely<DB>;
  dialect: Dialect;
  clock: Clock;
  config: Config;
  mailer: Mailer;
  log: pino.Logger;
}

/** The authenticated person behind a request. */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  isAdmin: boolean;
  orgId: string | null;
  via: 'session' | 'token';
  /** The actor's organization, when the session lookup read it already (auth/service.ts whoAmI). */
  org?: { id: string; name: string; kind: 'provider' | 'client' } | null;
}
