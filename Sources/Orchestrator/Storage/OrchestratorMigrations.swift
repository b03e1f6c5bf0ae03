import CEOStorage

/// The orchestrator's schema, for SQLite and for PostgreSQL: jobs, their tasks, the
/// budget ledger, the event log; (v2) approvals, approval policies and actuals; (v3)
/// webhooks; (v4) approved plan versions; (v5) the leases of replicas on runs. Integers
/// are 64-bit in both (BIGINT), blobs are BYTEA in PostgreSQL, booleans are 0 and 1.
/// Never edit a shipped migration: add one.
enum OrchestratorMigrations {
    static let all: [SQLMigration] = [
        SQLMigration(
            "v1",
            sqlite: """
                CREATE TABLE jobs (
                    id TEXT PRIMARY KEY,
                    owner_user_id TEXT NOT NULL,
                    status INTEGER NOT NULL,
                    plan BLOB NOT NULL,
                    idempotency_key TEXT,
                    created_at_ms INTEGER NOT NULL,
                    updated_at_ms INTEGER NOT NULL,
                    finished_at_ms INTEGER,
                    last_seq INTEGER NOT NULL DEFAULT 0,
                    failure_reason TEXT NOT NULL DEFAULT '',
                    cancel_requested INTEGER NOT NULL DEFAULT 0
                );
                CREATE UNIQUE INDEX jobs_owner_idempotency ON jobs(owner_user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
                CREATE INDEX jobs_owner_created ON jobs(owner_user_id, created_at_ms DESC, id DESC);
                CREATE INDEX jobs_created ON jobs(created_at_ms DESC, id DESC);
                CREATE INDEX jobs_unfinished ON jobs(status) WHERE finished_at_ms IS NULL;

                CREATE TABLE job_tasks (
                    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                    task_id TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    agent INTEGER NOT NULL,
                    status INTEGER NOT NULL,
                    allocated_cents INTEGER NOT NULL CHECK (allocated_cents >= 0),
                    reserved_cents INTEGER NOT NULL DEFAULT 0 CHECK (reserved_cents >= 0),
                    used_cents INTEGER NOT NULL DEFAULT 0 CHECK (used_cents >= 0),
                    reason TEXT NOT NULL DEFAULT '',
                    deliverables BLOB,
                    started_at_ms INTEGER,
                    finished_at_ms INTEGER,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (job_id, task_id)
                );

                CREATE TABLE ledger_entries (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                    task_id TEXT NOT NULL,
                    agent INTEGER NOT NULL,
                    kind INTEGER NOT NULL,
                    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
                    at_ms INTEGER NOT NULL
                );
                CREATE INDEX ledger_job ON ledger_entries(job_id, id);

                CREATE TABLE job_events (
                    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                    seq INTEGER NOT NULL,
                    event BLOB NOT NULL,
                    PRIMARY KEY (job_id, seq)
                ) WITHOUT ROWID;
                """,
            postgres: """
                CREATE TABLE jobs (
                    id TEXT PRIMARY KEY,
                    owner_user_id TEXT NOT NULL,
                    status BIGINT NOT NULL,
                    plan BYTEA NOT NULL,
                    idempotency_key TEXT,
                    created_at_ms BIGINT NOT NULL,
                    updated_at_ms BIGINT NOT NULL,
                    finished_at_ms BIGINT,
                    last_seq BIGINT NOT NULL DEFAULT 0,
                    failure_reason TEXT NOT NULL DEFAULT '',
                    cancel_requested BIGINT NOT NULL DEFAULT 0
                );
                CREATE UNIQUE INDEX jobs_owner_idempotency ON jobs(owner_user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
                CREATE INDEX jobs_owner_created ON jobs(owner_user_id, created_at_ms DESC, id DESC);
                CREATE INDEX jobs_created ON jobs(created_at_ms DESC, id DESC);
                CREATE INDEX jobs_unfinished ON jobs(status) WHERE finished_at_ms IS NULL;

                CREATE TABLE job_tasks (
                    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                    task_id TEXT NOT NULL,
                    position BIGINT NOT NULL,
                    agent BIGINT NOT NULL,
                    status BIGINT NOT NULL,
                    allocated_cents BIGINT NOT NULL CHECK (allocated_cents >= 0),
                    reserved_cents BIGINT NOT NULL DEFAULT 0 CHECK (reserved_cents >= 0),
                    used_cents BIGINT NOT NULL DEFAULT 0 CHECK (used_cents >= 0),
                    reason TEXT NOT NULL DEFAULT '',
                    deliverables BYTEA,
                    started_at_ms BIGINT,
                    finished_at_ms BIGINT,
                    attempts BIGINT NOT NULL DEFAULT 0,
                    PRIMARY KEY (job_id, task_id)
                );

                CREATE TABLE ledger_entries (
                    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                    task_id TEXT NOT NULL,
                    agent BIGINT NOT NULL,
                    kind BIGINT NOT NULL,
                    amount_cents BIGINT NOT NULL CHECK (amount_cents >= 0),
                    at_ms BIGINT NOT NULL
                );
                CREATE INDEX ledger_job ON ledger_entries(job_id, id);

                CREATE TABLE job_events (
                    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                    seq BIGINT NOT NULL,
                    event BYTEA NOT NULL,
                    PRIMARY KEY (job_id, seq)
                );
                """
        ),
        SQLMigration(
            "v2: approvals, budget changes, actuals",
            sqlite: """
                ALTER TABLE jobs ADD COLUMN budget_cents INTEGER;
                ALTER TABLE jobs ADD COLUMN contingency_cents INTEGER;
                ALTER TABLE jobs ADD COLUMN approval_policy BLOB;
                ALTER TABLE job_tasks ADD COLUMN raised_cents INTEGER NOT NULL DEFAULT 0 CHECK (raised_cents >= 0);
                ALTER TABLE ledger_entries ADD COLUMN actor_user_id TEXT NOT NULL DEFAULT '';
                ALTER TABLE ledger_entries ADD COLUMN note TEXT NOT NULL DEFAULT '';

                CREATE TABLE approvals (
                    id TEXT PRIMARY KEY,
                    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                    owner_user_id TEXT NOT NULL,
                    task_id TEXT NOT NULL,
                    agent INTEGER NOT NULL,
                    kind INTEGER NOT NULL,
                    status INTEGER NOT NULL,
                    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
                    reason TEXT NOT NULL,
                    requested_at_ms INTEGER NOT NULL,
                    expires_at_ms INTEGER NOT NULL,
                    decided_at_ms INTEGER,
                    decided_by TEXT NOT NULL DEFAULT '',
                    note TEXT NOT NULL DEFAULT '',
                    raised_cents INTEGER NOT NULL DEFAULT 0,
                    budget_raised_cents INTEGER NOT NULL DEFAULT 0,
                    pending_result BLOB
                );
                CREATE INDEX approvals_owner ON approvals(owner_user_id, requested_at_ms DESC, id DESC);
                CREATE INDEX approvals_job_task ON approvals(job_id, task_id);
                CREATE UNIQUE INDEX approvals_one_pending_per_task ON approvals(job_id, task_id) WHERE status = 1;

                CREATE TABLE approval_policies (
                    owner_user_id TEXT NOT NULL,
                    api_key_id TEXT NOT NULL DEFAULT '',
                    policy BLOB NOT NULL,
                    updated_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (owner_user_id, api_key_id)
                );

                CREATE TABLE actuals (
                    id TEXT PRIMARY KEY,
                    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                    task_id TEXT NOT NULL DEFAULT '',
                    agent INTEGER NOT NULL DEFAULT 0,
                    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
                    paid_amount_minor INTEGER NOT NULL CHECK (paid_amount_minor > 0),
                    paid_currency TEXT NOT NULL,
                    rate TEXT NOT NULL DEFAULT '',
                    paid_on TEXT NOT NULL,
                    vendor TEXT NOT NULL DEFAULT '',
                    note TEXT NOT NULL DEFAULT '',
                    recorded_by TEXT NOT NULL,
                    recorded_at_ms INTEGER NOT NULL
                );
                CREATE INDEX actuals_job ON actuals(job_id, recorded_at_ms);
                """,
            postgres: """
                ALTER TABLE jobs ADD COLUMN budget_cents BIGINT;
                ALTER TABLE jobs ADD COLUMN contingency_cents BIGINT;
                ALTER TABLE jobs ADD COLUMN approval_policy BYTEA;
                ALTER TABLE job_tasks ADD COLUMN raised_cents BIGINT NOT NULL DEFAULT 0 CHECK (raised_cents >= 0);
                ALTER TABLE ledger_entries ADD COLUMN actor_user_id TEXT NOT NULL DEFAULT '';
                ALTER TABLE ledger_entries ADD COLUMN note TEXT NOT NULL DEFAULT '';

                CREATE TABLE approvals (
                    id TEXT PRIMARY KEY,
                    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                    owner_user_id TEXT NOT NULL,
                    task_id TEXT NOT NULL,
                    agent BIGINT NOT NULL,
                    kind BIGINT NOT NULL,
                    status BIGINT NOT NULL,
                    amount_cents BIGINT NOT NULL CHECK (amount_cents >= 0),
                    reason TEXT NOT NULL,
                    requested_at_ms BIGINT NOT NULL,
                    expires_at_ms BIGINT NOT NULL,
                    decided_at_ms BIGINT,
                    decided_by TEXT NOT NULL DEFAULT '',
                    note TEXT NOT NULL DEFAULT '',
                    raised_cents BIGINT NOT NULL DEFAULT 0,
                    budget_raised_cents BIGINT NOT NULL DEFAULT 0,
                    pending_result BYTEA
                );
                CREATE INDEX approvals_owner ON approvals(owner_user_id, requested_at_ms DESC, id DESC);
                CREATE INDEX approvals_job_task ON approvals(job_id, task_id);
                CREATE UNIQUE INDEX approvals_one_pending_per_task ON approvals(job_id, task_id) WHERE status = 1;

                CREATE TABLE approval_policies (
                    owner_user_id TEXT NOT NULL,
                    api_key_id TEXT NOT NULL DEFAULT '',
                    policy BYTEA NOT NULL,
                    updated_at_ms BIGINT NOT NULL,
                    PRIMARY KEY (owner_user_id, api_key_id)
                );

                CREATE TABLE actuals (
                    id TEXT PRIMARY KEY,
                    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                    task_id TEXT NOT NULL DEFAULT '',
                    agent BIGINT NOT NULL DEFAULT 0,
                    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
                    paid_amount_minor BIGINT NOT NULL CHECK (paid_amount_minor > 0),
                    paid_currency TEXT NOT NULL,
                    rate TEXT NOT NULL DEFAULT '',
                    paid_on TEXT NOT NULL,
                    vendor TEXT NOT NULL DEFAULT '',
                    note TEXT NOT NULL DEFAULT '',
                    recorded_by TEXT NOT NULL,
                    recorded_at_ms BIGINT NOT NULL
                );
                CREATE INDEX actuals_job ON actuals(job_id, recorded_at_ms);
                """
        ),
        SQLMigration(
            "v3: webhooks and their deliveries",
            sqlite: """
                CREATE TABLE webhooks (
                    id TEXT PRIMARY KEY,
                    owner_user_id TEXT NOT NULL,
                    url TEXT NOT NULL,
                    secret TEXT NOT NULL,
                    events TEXT NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    deleted_at_ms INTEGER
                );
                CREATE INDEX webhooks_owner ON webhooks(owner_user_id) WHERE deleted_at_ms IS NULL;

                CREATE TABLE webhook_deliveries (
                    id TEXT PRIMARY KEY,
                    webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
                    job_id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    event TEXT NOT NULL,
                    payload BLOB NOT NULL,
                    status INTEGER NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at_ms INTEGER NOT NULL,
                    last_status_code INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT NOT NULL DEFAULT '',
                    created_at_ms INTEGER NOT NULL,
                    delivered_at_ms INTEGER
                );
                CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at_ms) WHERE status = 0;
                CREATE INDEX webhook_deliveries_by_hook ON webhook_deliveries(webhook_id, created_at_ms DESC);
                """,
            postgres: """
                CREATE TABLE webhooks (
                    id TEXT PRIMARY KEY,
                    owner_user_id TEXT NOT NULL,
                    url TEXT NOT NULL,
                    secret TEXT NOT NULL,
                    events TEXT NOT NULL,
                    created_at_ms BIGINT NOT NULL,
                    deleted_at_ms BIGINT
                );
                CREATE INDEX webhooks_owner ON webhooks(owner_user_id) WHERE deleted_at_ms IS NULL;

                CREATE TABLE webhook_deliveries (
                    id TEXT PRIMARY KEY,
                    webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
                    job_id TEXT NOT NULL,
                    seq BIGINT NOT NULL,
                    event TEXT NOT NULL,
                    payload BYTEA NOT NULL,
                    status BIGINT NOT NULL,
                    attempts BIGINT NOT NULL DEFAULT 0,
                    next_attempt_at_ms BIGINT NOT NULL,
                    last_status_code BIGINT NOT NULL DEFAULT 0,
                    last_error TEXT NOT NULL DEFAULT '',
                    created_at_ms BIGINT NOT NULL,
                    delivered_at_ms BIGINT
                );
                CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at_ms) WHERE status = 0;
                CREATE INDEX webhook_deliveries_by_hook ON webhook_deliveries(webhook_id, created_at_ms DESC);
                """
        ),
        SQLMigration(
            "v4: approved plan versions",
            sqlite: """
                CREATE TABLE plan_versions (
                    id TEXT PRIMARY KEY,
                    owner_user_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    plan BLOB NOT NULL,
                    approved_at_ms INTEGER NOT NULL,
                    UNIQUE (owner_user_id, version)
                );
                ALTER TABLE jobs ADD COLUMN plan_version_id TEXT REFERENCES plan_versions(id);
                """,
            postgres: """
                CREATE TABLE plan_versions (
                    id TEXT PRIMARY KEY,
                    owner_user_id TEXT NOT NULL,
                    version BIGINT NOT NULL,
                    plan BYTEA NOT NULL,
                    approved_at_ms BIGINT NOT NULL,
                    UNIQUE (owner_user_id, version)
                );
                ALTER TABLE jobs ADD COLUMN plan_version_id TEXT REFERENCES plan_versions(id);
                """
        ),
        SQLMigration(
            "v5: run leases",
            sqlite: """
                ALTER TABLE jobs ADD COLUMN lease_owner TEXT;
                ALTER TABLE jobs ADD COLUMN lease_expires_at_ms INTEGER;
                """,
            postgres: """
                ALTER TABLE jobs ADD COLUMN lease_owner TEXT;
                ALTER TABLE jobs ADD COLUMN lease_expires_at_ms BIGINT;
                """
        ),
    ]
}
