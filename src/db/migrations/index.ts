import type { Migration } from 'kysely';
import * as m0001 from './0001-libraries.ts';
import * as m0002 from './0002-ill-core.ts';
import * as m0003 from './0003-auth.ts';
import * as m0004 from './0004-request-contact.ts';
import * as m0005 from './0005-request-search.ts';
import * as m0006 from './0006-protocol.ts';
import * as m0007 from './0007-mail.ts';
import * as m0008 from './0008-change-events.ts';
import * as m0009 from './0009-request-management.ts';
import * as m0010 from './0010-outbox-set-aside.ts';
import * as m0013 from './0013-structured-attention.ts';
import * as m0014 from './0014-request-written-once.ts';
import * as m0015 from './0015-history-messages.ts';
import * as m0016 from './0016-open-request-indexes.ts';
import * as m0017 from './0017-outbox-notify-trigger.ts';

/**
 * Every migration, keyed by its file name without extension. Kysely applies them in key order.
 * Explicit imports (rather than reading the directory) work the same under tsx, vitest and any
 * bundler; `migrations.test.ts` checks that no file in this directory is missing here.
 *
 * Migrations are append-only: never edit one that has been released, add a new file instead.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001-libraries': m0001,
  '0002-ill-core': m0002,
  '0003-auth': m0003,
  '0004-request-contact': m0004,
  '0005-request-search': m0005,
  '0006-protocol': m0006,
  '0007-mail': m0007,
  '0008-change-events': m0008,
  '0009-request-management': m0009,
  '0010-outbox-set-aside': m0010,
  '0013-structured-attention': m0013,
  '0014-request-written-once': m0014,
  '0015-history-messages': m0015,
  '0016-open-request-indexes': m0016,
  '0017-outbox-notify-trigger': m0017,
};
