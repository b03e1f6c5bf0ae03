import GRDB
import PostgresNIO

/// What a failed statement means, whichever engine ran it.
public enum SQLErrors {
    /// A UNIQUE constraint refused the row (SQLite's SQLITE_CONSTRAINT_UNIQUE or
    /// PRIMARYKEY, PostgreSQL's 23505).
    public static func isUniqueViolation(_ error: any Error) -> Bool {
        if let error = error as? DatabaseError {
            return error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
        }
        return PostgresDatabase.sqlState(error) == "23505"
    }
}
