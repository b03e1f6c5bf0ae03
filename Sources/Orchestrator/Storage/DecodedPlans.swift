import CEOAPI
import Foundation
import Synchronization
import SwiftProtobuf

/// The decoded plans of recent runs, by run id. A run's plan never changes once it is
/// stored, and every state change of a run reads it, so it is decoded once per run
/// instead of at every step. At most `capacity` plans are kept; when full, the cache
/// starts again empty.
final class DecodedPlans: Sendable {
    private let plans = Mutex<[String: Plan]>([:])
    let capacity: Int

    init(capacity: Int = 512) { self.capacity = max(1, capacity) }

    /// The plan of `jobID`: cached, or decoded from the bytes `load` reads and kept.
    func plan(of jobID: String, load: () throws -> Data?) throws -> Plan? {
        if let plan = plans.withLock({ $0[jobID] }) { return plan }
        guard let bytes = try load() else { return nil }
        let plan = try Plan(serializedBytes: bytes)
        plans.withLock { plans in
            if plans.count >= capacity { plans.removeAll(keepingCapacity: true) }
            plans[jobID] = plan
        }
        return plan
    }

    /// How many plans are cached (for tests).
    var count: Int { plans.withLock { $0.count } }
}
