import CEOServiceKit
import CEOStorage
import Foundation

/// Leases: which replica executes a run. A replica executes a run only while it holds
/// the run's lease; it renews its leases well before they expire, and a run whose lease
/// expired (its replica died) is claimed by another replica, which resumes it as a
/// restart does. Each lease change is one conditional UPDATE, so two replicas never
/// both hold a run.
extension JobStore {
    /// The replica executing the current task's run (a task-local set by the run's
    /// execution): every change of the run first checks that this replica still holds
    /// its lease, so a replica that stalled past its lease cannot write after another
    /// took the run over.
    @TaskLocal static var executingReplica: String?

    /// When a lease taken or renewed at `at` (Unix milliseconds) for `ttl` expires.
    static func leaseExpiry(from at: Int64, ttl: Duration) -> Int64 {
        at + Int64(ttl.timeInterval * 1_000)
    }

    /// Takes the lease of the unfinished run `jobID` for `owner` until `ttl` from now,
    /// when nobody holds it, its holder's lease expired, or `owner` holds it already.
    public func acquireLease(_ jobID: String, owner: String, ttl: Duration) async throws -> LeaseAcquisition {
        let at = now().unixMilliseconds
        let until = Self.leaseExpiry(from: at, ttl: ttl)
        return try await database.write { db in
            let previous = try String.fetchOne(db, sql: "SELECT lease_owner FROM jobs WHERE id = ?", arguments: [jobID])
            // The UPDATE checks the lease again: of two replicas racing, one changes the row.
            let taken = try db.execute(
                sql: """
                    UPDATE jobs SET lease_owner = ?, lease_expires_at_ms = ?
                    WHERE id = ? AND finished_at_ms IS NULL
                      AND (lease_owner IS NULL OR lease_owner = ? OR lease_expires_at_ms < ?)
                    """,
                arguments: [owner, until, jobID, owner, at]
            ) > 0
            guard taken else { return .heldElsewhere }
            return previous != nil && previous != owner ? .takenOver : .acquired
        }
    }

    /// Extends every lease `owner` holds on an unfinished run; returns those runs. A run
    /// missing from the answer was finished (perhaps cancelled through another replica)
    /// or claimed by another replica after this one failed to renew in time.
    public func renewLeases(owner: String, ttl: Duration) async throws -> Set<String> {
        let at = now().unixMilliseconds
        let until = Self.leaseExpiry(from: at, ttl: ttl)
        return try await database.write { db in
            Set(try String.fetchAll(
                db,
                sql: "UPDATE jobs SET lease_expires_at_ms = ? WHERE lease_owner = ? AND finished_at_ms IS NULL RETURNING id",
                arguments: [until, owner]
            ))
        }
    }

    /// Gives up `owner`'s leases on `jobIDs` (a replica shutting down), so that another
    /// replica, or the next process, resumes those runs at once.
    public func releaseLeases(owner: String, jobIDs: [String]) async throws {
        guard !jobIDs.isEmpty else { return }
        try await database.write { db in
            for id in jobIDs {
                try db.execute(
                    sql: "UPDATE jobs SET lease_owner = NULL, lease_expires_at_ms = NULL WHERE id = ? AND lease_owner = ?",
                    arguments: [id, owner]
                )
            }
        }
    }

    /// Unfinished runs nobody holds (never started, released, or their holder's lease
    /// expired), oldest first.
    public func claimableJobIDs() async throws -> [String] {
        let at = now().unixMilliseconds
        return try await database.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT id FROM jobs WHERE finished_at_ms IS NULL AND (lease_owner IS NULL OR lease_expires_at_ms < ?)
                    ORDER BY created_at_ms, id
                    """,
                arguments: [at]
            )
        }
    }

    /// How many unfinished runs each replica holds (for operators and the replica tests).
    public func leaseHolders() async throws -> [String: Int] {
        let at = now().unixMilliseconds
        return try await database.read { db in
            var holders: [String: Int] = [:]
            for row in try SQLRow.fetchAll(
                db,
                sql: """
                    SELECT lease_owner, COUNT(*) AS runs FROM jobs
                    WHERE finished_at_ms IS NULL AND lease_owner IS NOT NULL AND lease_expires_at_ms >= ?
                    GROUP BY lease_owner
                    """,
                arguments: [at]
            ) {
                holders[row["lease_owner"]] = row["runs"]
            }
            return holders
        }
    }
}

/// A lease a replica takes on a run: its name, and how long the lease lasts unrenewed.
public struct RunLease: Sendable, Equatable {
    public var owner: String
    public var ttl: Duration

    public init(owner: String, ttl: Duration) {
        self.owner = owner
        self.ttl = ttl
    }
}

/// What taking a run's lease found.
public enum LeaseAcquisition: Sendable, Equatable {
    /// Free (never held, or released): this replica holds it now.
    case acquired
    /// Held by another replica whose lease expired: this replica holds it now and must
    /// resume the run as after a restart (its interrupted tasks requeued).
    case takenOver
    /// Another replica holds it.
    case heldElsewhere

    public var isHeld: Bool { self != .heldElsewhere }
}
