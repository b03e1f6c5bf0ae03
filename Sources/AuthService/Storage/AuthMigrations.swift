import CEOStorage
import GRDB

/// The schema, as an ordered list of migrations for SQLite and PostgreSQL. Never edit a
/// shipped migration: add a new one.
///
/// SQLite keeps GRDB's schema DSL and the identifiers earlier releases recorded, so
/// existing files are unchanged. The PostgreSQL DDL is the same schema by hand: integers
/// are BIGINT, blobs BYTEA, autoincrement ids identity columns, and the booleans
/// (`disabled`, `succeeded`) BIGINT 0 or 1, which is how GRDB stores SQLite's booleans too.
enum AuthMigrations {
    static let all: [SQLMigration] = [
        SQLMigration("v1: users, credentials, sessions, API keys, lockouts, audit", sqlite: v1SQLite, postgres: v1Postgres),
        SQLMigration("v2: access-token revocations", sqlite: v2SQLite, postgres: v2Postgres),
        SQLMigration(
            "v3: signing keys shared by replicas",
            // A SQLite deployment is one process: its keys stay in signing-keys.json.
            sqlite: { _ in },
            postgres: v3Postgres
        ),
    ]

    private static func v1SQLite(_ db: Database) throws {
        try db.create(table: "users") { t in
            t.primaryKey("id", .text)
            t.column("email", .text).notNull().unique()
            t.column("display_name", .text).notNull()
            t.column("role", .text).notNull().check { ["user", "admin"].contains($0) }
            t.column("disabled", .boolean).notNull().defaults(to: false)
            t.column("created_at_ms", .integer).notNull()
            t.column("last_login_at_ms", .integer)
        }
        try db.create(index: "users_by_creation", on: "users", columns: ["created_at_ms", "id"])
        try db.create(table: "credentials") { t in
            t.primaryKey("user_id", .text).references("users", onDelete: .cascade)
            t.column("password_hash", .text).notNull()
            t.column("updated_at_ms", .integer).notNull()
        }
        try db.create(table: "refresh_families") { t in
            t.primaryKey("id", .text)
            t.column("user_id", .text).notNull().indexed().references("users", onDelete: .cascade)
            t.column("created_at_ms", .integer).notNull()
            t.column("revoked_at_ms", .integer)
            t.column("revoke_reason", .text)
        }
        try db.create(table: "refresh_tokens") { t in
            t.primaryKey("token_hash", .text)
            t.column("family_id", .text).notNull().indexed().references("refresh_families", onDelete: .cascade)
            t.column("issued_at_ms", .integer).notNull()
            t.column("expires_at_ms", .integer).notNull()
            t.column("used_at_ms", .integer)
        }
        try db.create(table: "api_keys") { t in
            t.primaryKey("id", .text)
            t.column("user_id", .text).notNull().indexed().references("users", onDelete: .cascade)
            t.column("name", .text).notNull()
            t.column("prefix", .text).notNull()
            t.column("secret_hash", .text).notNull().unique()
            t.column("scopes", .text).notNull()
            t.column("created_at_ms", .integer).notNull()
            t.column("expires_at_ms", .integer)
            t.column("last_used_at_ms", .integer)
            t.column("revoked_at_ms", .integer)
        }
        try db.create(table: "login_attempts") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("email", .text).notNull()
            t.column("user_id", .text)
            t.column("at_ms", .integer).notNull()
            t.column("succeeded", .boolean).notNull()
            t.column("client_ip", .text).notNull().defaults(to: "")
        }
        try db.create(index: "login_attempts_by_email", on: "login_attempts", columns: ["email", "at_ms"])
        try db.create(table: "login_lockouts") { t in
            t.primaryKey("email", .text)
            t.column("locked_until_ms", .integer).notNull()
        }
        try db.create(table: "audit_events") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("at_ms", .integer).notNull()
            t.column("type", .text).notNull().indexed()
            t.column("user_id", .text).indexed()
            t.column("actor_user_id", .text)
            t.column("client_ip", .text).notNull().defaults(to: "")
            t.column("details", .jsonText).notNull().defaults(to: "{}")
        }
    }

    private static let v1Postgres = """
        CREATE TABLE users (
            id TEXT PRIMARY KEY,
            email TEXT NOT NULL UNIQUE,
            display_name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('user', 'admin')),
            disabled BIGINT NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
            created_at_ms BIGINT NOT NULL,
            last_login_at_ms BIGINT
        );
        CREATE INDEX users_by_creation ON users(created_at_ms, id);

        CREATE TABLE credentials (
            user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
            password_hash TEXT NOT NULL,
            updated_at_ms BIGINT NOT NULL
        );

        CREATE TABLE refresh_families (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            created_at_ms BIGINT NOT NULL,
            revoked_at_ms BIGINT,
            revoke_reason TEXT
        );
        CREATE INDEX refresh_families_on_user_id ON refresh_families(user_id);

        CREATE TABLE refresh_tokens (
            token_hash TEXT PRIMARY KEY,
            family_id TEXT NOT NULL REFERENCES refresh_families(id) ON DELETE CASCADE,
            issued_at_ms BIGINT NOT NULL,
            expires_at_ms BIGINT NOT NULL,
            used_at_ms BIGINT
        );
        CREATE INDEX refresh_tokens_on_family_id ON refresh_tokens(family_id);

        CREATE TABLE api_keys (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            prefix TEXT NOT NULL,
            secret_hash TEXT NOT NULL UNIQUE,
            scopes TEXT NOT NULL,
            created_at_ms BIGINT NOT NULL,
            expires_at_ms BIGINT,
            last_used_at_ms BIGINT,
            revoked_at_ms BIGINT
        );
        CREATE INDEX api_keys_on_user_id ON api_keys(user_id);

        CREATE TABLE login_attempts (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            email TEXT NOT NULL,
            user_id TEXT,
            at_ms BIGINT NOT NULL,
            succeeded BIGINT NOT NULL CHECK (succeeded IN (0, 1)),
            client_ip TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX login_attempts_by_email ON login_attempts(email, at_ms);

        CREATE TABLE login_lockouts (
            email TEXT PRIMARY KEY,
            locked_until_ms BIGINT NOT NULL
        );

        CREATE TABLE audit_events (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            at_ms BIGINT NOT NULL,
            type TEXT NOT NULL,
            user_id TEXT,
            actor_user_id TEXT,
            client_ip TEXT NOT NULL DEFAULT '',
            details TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX audit_events_on_type ON audit_events(type);
        CREATE INDEX audit_events_on_user_id ON audit_events(user_id)
        """

    private static func v2SQLite(_ db: Database) throws {
        try db.create(table: "token_revocations") { t in
            t.column("kind", .text).notNull().check { ["session", "user"].contains($0) }
            t.column("id", .text).notNull()
            t.column("revoked_at_ms", .integer).notNull()
            t.column("expires_at_ms", .integer).notNull().indexed()
            t.primaryKey(["kind", "id"])
        }
    }

    private static let v2Postgres = """
        CREATE TABLE token_revocations (
            kind TEXT NOT NULL CHECK (kind IN ('session', 'user')),
            id TEXT NOT NULL,
            revoked_at_ms BIGINT NOT NULL,
            expires_at_ms BIGINT NOT NULL,
            PRIMARY KEY (kind, id)
        );
        CREATE INDEX token_revocations_on_expires_at_ms ON token_revocations(expires_at_ms)
        """

    /// The replicas' signing keys (``DatabaseSigningKeyStore``): the active key with its
    /// private half (unless it comes from a configured secret), and the retired keys,
    /// public halves only, while tokens they signed may still be valid.
    private static let v3Postgres = """
        CREATE TABLE signing_keys (
            kid TEXT PRIMARY KEY,
            algorithm TEXT NOT NULL,
            public_key TEXT NOT NULL,
            private_key BYTEA,
            from_secret BIGINT NOT NULL DEFAULT 0 CHECK (from_secret IN (0, 1)),
            created_at_ms BIGINT NOT NULL,
            retired_at_ms BIGINT
        )
        """
}
