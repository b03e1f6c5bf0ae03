import GRDB

/// The schema, as an ordered list of migrations. Never edit a shipped migration:
/// add a new one.
enum AuthMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: users, credentials, sessions, API keys, lockouts, audit") { db in
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
        migrator.registerMigration("v2: access-token revocations") { db in
            try db.create(table: "token_revocations") { t in
                t.column("kind", .text).notNull().check { ["session", "user"].contains($0) }
                t.column("id", .text).notNull()
                t.column("revoked_at_ms", .integer).notNull()
                t.column("expires_at_ms", .integer).notNull().indexed()
                t.primaryKey(["kind", "id"])
            }
        }
        return migrator
    }
}
