/**
 * The PostgreSQL schema as an ordered list of migrations; `schema_migrations` records which
 * have run (postgres-database.ts runs the pending ones at start-up, under an advisory lock).
 * The same tables as SQLite's (sqlite-migrations.ts) in PostgreSQL's own types: times of the
 * store's clock as `timestamptz`, the callers' epoch-ms clocks (due times, leases, sessions,
 * rate-limit windows) as `bigint`. Append, never edit.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE distributions (
    id text PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('plan', 'invitation', 'reminder')),
    created_at timestamptz NOT NULL,
    created_by text NOT NULL,
    title text NOT NULL,
    owner_id text NOT NULL,
    owner_organisation text NOT NULL,
    send_requested_at timestamptz,
    send_requested_by text,
    expired_at timestamptz,
    documents_purged_at timestamptz
  );
  CREATE INDEX distributions_unsent ON distributions (created_at) WHERE send_requested_at IS NULL AND expired_at IS NULL;

  CREATE TABLE documents (
    distribution_id text NOT NULL REFERENCES distributions(id) ON DELETE CASCADE,
    key text NOT NULL,
    file_name text NOT NULL,
    content_type text NOT NULL,
    content bytea NOT NULL,
    PRIMARY KEY (distribution_id, key)
  );

  CREATE TABLE deliveries (
    id text PRIMARY KEY,
    distribution_id text NOT NULL REFERENCES distributions(id) ON DELETE CASCADE,
    position integer NOT NULL,
    role text NOT NULL,
    name text NOT NULL,
    organisation text NOT NULL,
    channel text NOT NULL CHECK (channel IN ('secure-email', 'digital-post', 'letter')),
    address text,
    documents jsonb NOT NULL,
    subject text NOT NULL,
    body text,
    state text NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'manual', 'expired')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at bigint NOT NULL DEFAULT 0,
    lease_until bigint NOT NULL DEFAULT 0,
    last_error text,
    reference text,
    sent_at timestamptz,
    updated_at timestamptz NOT NULL,
    resumed boolean NOT NULL DEFAULT false,
    UNIQUE (distribution_id, position)
  );
  -- The sweep looks only at unfinished deliveries: a small part of the table.
  CREATE INDEX deliveries_unfinished ON deliveries (state, next_attempt_at, lease_until) WHERE state IN ('pending', 'sending');

  CREATE TABLE idempotency_keys (
    key text PRIMARY KEY,
    distribution_id text NOT NULL REFERENCES distributions(id) ON DELETE CASCADE,
    body jsonb NOT NULL,
    created_at timestamptz NOT NULL
  );
  CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

  CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    distribution_id text NOT NULL,
    delivery_id text,
    role text,
    name text,
    channel text,
    outcome text NOT NULL,
    detail text
  );
  CREATE INDEX audit_log_distribution ON audit_log (distribution_id, id);

  CREATE TABLE sessions (
    id text PRIMARY KEY,
    identity jsonb NOT NULL,
    csrf_token text NOT NULL,
    id_token text,
    created_at bigint NOT NULL,
    last_seen_at bigint NOT NULL,
    expires_at bigint NOT NULL
  );
  CREATE INDEX sessions_expiry ON sessions (expires_at);

  CREATE TABLE rate_limits (
    key text PRIMARY KEY,
    hits integer NOT NULL,
    reset_at bigint NOT NULL
  );
  CREATE INDEX rate_limits_reset ON rate_limits (reset_at);

  -- The follow-ups of distributed plans (src/follow-up). Their times and dates are the callers'
  -- strings, kept as given (ISO times, YYYY-MM-DD dates), as on SQLite.
  CREATE TABLE follow_ups (
    id text PRIMARY KEY,
    distribution_id text NOT NULL UNIQUE,
    follow_up_date text NOT NULL,
    meeting_date text NOT NULL,
    citizen_name text NOT NULL,
    coordinator_name text NOT NULL,
    coordinator_organisation text NOT NULL,
    coordinator_email text NOT NULL,
    participants jsonb NOT NULL,
    match_key text NOT NULL,
    owner_id text NOT NULL,
    owner_organisation text NOT NULL,
    created_at text NOT NULL,
    activated_at text,
    reminder_claimed_until bigint NOT NULL DEFAULT 0,
    reminder_distribution_id text,
    reminded_at text
  );
  CREATE INDEX follow_ups_date ON follow_ups (follow_up_date);
  CREATE INDEX follow_ups_match ON follow_ups (match_key);
  CREATE INDEX follow_ups_owner ON follow_ups (owner_organisation, owner_id);
  `,
  // As SQLite's: added and dropped again by the next migration in the same release, kept so that
  // the numbering of databases already migrated stays; older follow-ups keep their name keys,
  // which no new key equals.
  `
  CREATE TABLE secrets (
    name text PRIMARY KEY,
    value text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  `,
  // As SQLite's: the secret leaves the database; with PostgreSQL FOLLOW_UP_MATCH_SECRET is required.
  `
  DROP TABLE secrets;
  `,
];
