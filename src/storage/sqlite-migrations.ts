/**
 * The database schema as an ordered list of migrations. `PRAGMA user_version` records how
 * many have run; at start-up the pending ones run once, in one transaction. Append, never edit.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE distributions (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('plan', 'invitation')),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    title TEXT NOT NULL,
    documents_purged_at TEXT
  ) STRICT;

  CREATE TABLE documents (
    distribution_id TEXT NOT NULL REFERENCES distributions(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content BLOB NOT NULL,
    PRIMARY KEY (distribution_id, key)
  ) STRICT;

  CREATE TABLE deliveries (
    id TEXT PRIMARY KEY,
    distribution_id TEXT NOT NULL REFERENCES distributions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    organisation TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('secure-email', 'digital-post', 'letter')),
    address TEXT,
    documents TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'manual')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    reference TEXT,
    sent_at TEXT,
    updated_at TEXT NOT NULL,
    resumed INTEGER NOT NULL DEFAULT 0,
    UNIQUE (distribution_id, position)
  ) STRICT;
  CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);

  CREATE TABLE idempotency_keys (
    key TEXT PRIMARY KEY,
    distribution_id TEXT NOT NULL REFERENCES distributions(id) ON DELETE CASCADE,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    distribution_id TEXT NOT NULL,
    delivery_id TEXT,
    role TEXT,
    name TEXT,
    channel TEXT,
    outcome TEXT NOT NULL,
    detail TEXT
  ) STRICT;
  CREATE INDEX audit_log_distribution ON audit_log (distribution_id, id);
  `,
  // A claim expires: a delivery left `sending` by a process that died can be taken again
  // by a send request, not only at the next start-up.
  `ALTER TABLE deliveries ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;`,
  // Only a send request moves a distribution out of `prepared` (src/distribution/life-cycle.ts).
  // A distribution stored before this version was requested if its audit log says so.
  `
  ALTER TABLE distributions ADD COLUMN send_requested_at TEXT;
  ALTER TABLE distributions ADD COLUMN send_requested_by TEXT;
  UPDATE distributions SET
    send_requested_at = (SELECT a.at FROM audit_log a WHERE a.distribution_id = distributions.id AND a.action = 'send-requested' ORDER BY a.id LIMIT 1),
    send_requested_by = (SELECT a.actor FROM audit_log a WHERE a.distribution_id = distributions.id AND a.action = 'send-requested' ORDER BY a.id LIMIT 1);
  `,
  // Login sessions (src/auth): kept server-side so that logout and the timeouts end them for
  // good; the id is an HMAC of the cookie's token, so the file alone opens no session.
  // Rate-limit counters: one row per client and window, shared by every process on the file.
  `
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    identity TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    id_token TEXT,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX sessions_expiry ON sessions (expires_at);

  CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    hits INTEGER NOT NULL,
    reset_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX rate_limits_reset ON rate_limits (reset_at);
  `,
  // Who prepared a distribution, and for which organisation: only they and that organisation's
  // coordinators may see or send it. Those prepared before had no login: the developer's.
  `
  ALTER TABLE distributions ADD COLUMN owner_id TEXT NOT NULL DEFAULT 'development';
  ALTER TABLE distributions ADD COLUMN owner_organisation TEXT NOT NULL DEFAULT '';
  `,
  // A distribution prepared and never sent expires; its unfinished deliveries become
  // `expired`. SQLite cannot change a CHECK constraint in place: the table is rebuilt.
  `
  ALTER TABLE distributions ADD COLUMN expired_at TEXT;
  CREATE INDEX distributions_unsent ON distributions (created_at) WHERE send_requested_at IS NULL AND expired_at IS NULL;
  CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

  CREATE TABLE deliveries_next (
    id TEXT PRIMARY KEY,
    distribution_id TEXT NOT NULL REFERENCES distributions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    organisation TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('secure-email', 'digital-post', 'letter')),
    address TEXT,
    documents TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'manual', 'expired')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    reference TEXT,
    sent_at TEXT,
    updated_at TEXT NOT NULL,
    resumed INTEGER NOT NULL DEFAULT 0,
    lease_until INTEGER NOT NULL DEFAULT 0,
    UNIQUE (distribution_id, position)
  ) STRICT;
  INSERT INTO deliveries_next (id, distribution_id, position, role, name, organisation, channel, address, documents, subject, body,
      state, attempts, next_attempt_at, last_error, reference, sent_at, updated_at, resumed, lease_until)
    SELECT id, distribution_id, position, role, name, organisation, channel, address, documents, subject, body,
      state, attempts, next_attempt_at, last_error, reference, sent_at, updated_at, resumed, lease_until FROM deliveries;
  DROP TABLE deliveries;
  ALTER TABLE deliveries_next RENAME TO deliveries;
  CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);
  `,
  // A stored answer is the domain's (finished or not, and the distribution as shown), no
  // longer an HTTP status: the route maps it.
  `
  UPDATE idempotency_keys SET body = json_object('finished', json(CASE WHEN status = 200 THEN 'true' ELSE 'false' END), 'distribution', json(body));
  ALTER TABLE idempotency_keys DROP COLUMN status;
  `,
  // A follow-up reminder is a distribution of its own kind. SQLite cannot change a CHECK
  // constraint in place: the table is rebuilt (foreign keys are off while migrating, so its
  // children keep their rows and refer to the new table by name).
  `
  CREATE TABLE distributions_next (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('plan', 'invitation', 'reminder')),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    title TEXT NOT NULL,
    documents_purged_at TEXT,
    send_requested_at TEXT,
    send_requested_by TEXT,
    owner_id TEXT NOT NULL DEFAULT 'development',
    owner_organisation TEXT NOT NULL DEFAULT '',
    expired_at TEXT
  ) STRICT;
  INSERT INTO distributions_next (id, kind, created_at, created_by, title, documents_purged_at, send_requested_at, send_requested_by,
      owner_id, owner_organisation, expired_at)
    SELECT id, kind, created_at, created_by, title, documents_purged_at, send_requested_at, send_requested_by,
      owner_id, owner_organisation, expired_at FROM distributions;
  DROP TABLE distributions;
  ALTER TABLE distributions_next RENAME TO distributions;
  CREATE INDEX distributions_unsent ON distributions (created_at) WHERE send_requested_at IS NULL AND expired_at IS NULL;
  `,
  // The follow-ups of distributed plans (src/follow-up): the least the follow-up meeting needs,
  // pending beside a prepared distribution, active from its send request. No reference to the
  // distribution: the two stores stand on their own (and on their own databases in tests).
  `
  CREATE TABLE follow_ups (
    id TEXT PRIMARY KEY,
    distribution_id TEXT NOT NULL UNIQUE,
    follow_up_date TEXT NOT NULL,
    meeting_date TEXT NOT NULL,
    citizen_name TEXT NOT NULL,
    coordinator_name TEXT NOT NULL,
    coordinator_organisation TEXT NOT NULL,
    coordinator_email TEXT NOT NULL,
    participants TEXT NOT NULL,
    match_key TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    owner_organisation TEXT NOT NULL,
    created_at TEXT NOT NULL,
    activated_at TEXT,
    reminder_claimed_until INTEGER NOT NULL DEFAULT 0,
    reminder_distribution_id TEXT,
    reminded_at TEXT
  ) STRICT;
  CREATE INDEX follow_ups_date ON follow_ups (follow_up_date);
  CREATE INDEX follow_ups_match ON follow_ups (match_key);
  CREATE INDEX follow_ups_owner ON follow_ups (owner_organisation, owner_id);
  `,
  // Added and dropped again by the next migration in the same release; kept so that the numbering
  // of databases already migrated stays. (It held the follow-ups' match key secret.) Follow-ups
  // stored before keep their keys, a plain hash of the citizen's name, which no key of a CPR
  // number equals: a newer plan never ends them (they end 30 days after their date), since a
  // name cannot tell which of two citizens of that name an old one was for.
  `
  CREATE TABLE secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  `,
  // The match key secret no longer lives in the database (a copy of it alone would have let
  // anyone try every CPR number against the keys): FOLLOW_UP_MATCH_SECRET, or a file of its own in
  // DATA_DIR (src/follow-up/match-secret.ts). Follow-ups keyed under the dropped secret match no
  // new key and run to their date, as those keyed by name do.
  `
  DROP TABLE secrets;
  `,
];
