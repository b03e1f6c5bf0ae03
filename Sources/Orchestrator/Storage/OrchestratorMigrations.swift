import GRDB

/// The orchestrator's schema: jobs, their tasks, the budget ledger, and the event log.
enum OrchestratorMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
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
                """)
        }
        return migrator
    }
}
