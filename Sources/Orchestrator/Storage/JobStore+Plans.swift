public import CEOAPI
import CEOServiceKit
import Foundation
import CEOStorage
import SwiftProtobuf

/// Approved plan versions: immutable once stored, numbered per owner.
extension JobStore {
    /// Stores `plan` as `owner`'s next approved version.
    public func approvePlan(_ plan: Plan, owner: String) async throws -> PlanVersion {
        let id = UUID().uuidString.lowercased()
        let at = now().unixMilliseconds
        let data = Data(try plan.serializedBytes() as [UInt8])
        let version = try await database.write { db -> Int32 in
            try db.lock("owner:\(owner)")
            let next = (try Int32.fetchOne(db, sql: "SELECT MAX(version) FROM plan_versions WHERE owner_user_id = ?", arguments: [owner]) ?? 0) + 1
            try db.execute(
                sql: "INSERT INTO plan_versions (id, owner_user_id, version, plan, approved_at_ms) VALUES (?, ?, ?, ?, ?)",
                arguments: [id, owner, next, data, at]
            )
            return next
        }
        var stored = PlanVersion()
        stored.id = id
        stored.version = version
        stored.plan = plan
        stored.approvedAtUnixMs = at
        stored.ownerUserID = owner
        return stored
    }

    /// The plan version `id`, or nil.
    public func planVersion(_ id: String) async throws -> PlanVersion? {
        try await database.read { db in
            guard let row = try SQLRow.fetchOne(db, sql: "SELECT * FROM plan_versions WHERE id = ?", arguments: [id]) else { return nil }
            var stored = PlanVersion()
            stored.id = row["id"]
            stored.version = row["version"]
            stored.plan = try Plan(serializedBytes: row["plan"] as Data)
            stored.approvedAtUnixMs = row["approved_at_ms"]
            stored.ownerUserID = row["owner_user_id"]
            return stored
        }
    }
}
