public import CEOAPI

// The facts of approval requests, in one place: their API names, and the limits of a
// policy. Every switch is exhaustive, so a value added to the proto does not compile
// until it is placed here.

extension ApprovalStatus {
    /// The statuses a request can have.
    public static let lifecycle: [ApprovalStatus] = [.pending, .approved, .rejected, .expired]

    /// `pending`, `approved`, `rejected`, `expired`.
    public var apiName: String {
        switch self {
        case .pending: "pending"
        case .approved: "approved"
        case .rejected: "rejected"
        case .expired: "expired"
        case .unspecified, .UNRECOGNIZED: "unknown"
        }
    }

    /// Parses an API name.
    public init?(apiName: String) {
        guard let status = Self.lifecycle.first(where: { $0.apiName == apiName }) else { return nil }
        self = status
    }
}

extension ApprovalKind {
    /// `task_cost` (a task above the policy's amount) or `overrun` (a result above its allocation).
    public var apiName: String {
        switch self {
        case .taskCost: "task_cost"
        case .overrun: "overrun"
        case .unspecified, .UNRECOGNIZED: "unknown"
        }
    }
}

extension ApprovalDecision {
    /// The decisions an owner can make, by API name.
    public static let byAPIName: [String: ApprovalDecision] = ["approve": .approve, "reject": .reject, "raise": .raise]
}

extension RejectionPolicy {
    /// `continue` or `end_run`.
    public var apiName: String {
        switch self {
        case .unspecified, .continue: "continue"
        case .endRun: "end_run"
        case .UNRECOGNIZED: "continue"
        }
    }

    public init?(apiName: String) {
        switch apiName {
        case "continue": self = .continue
        case "end_run": self = .endRun
        default: return nil
        }
    }
}

/// The limits of an approval policy.
public enum ApprovalPolicyRules {
    /// How long a request waits when the policy does not say: a day.
    public static let defaultExpirySeconds: Int64 = 86_400
    /// The shortest and longest wait a policy may set: a minute to 30 days.
    public static let expiryRange: ClosedRange<Int64> = 60...2_592_000
}

extension LedgerEntryKind {
    /// `reserve`, `settle`, `release`, `approved`, `rejected`, `allocation_raised`,
    /// `budget_raised`, `budget_lowered`, `actual`.
    public var apiName: String {
        switch self {
        case .reserve: "reserve"
        case .settle: "settle"
        case .release: "release"
        case .approved: "approved"
        case .rejected: "rejected"
        case .allocationRaised: "allocation_raised"
        case .budgetRaised: "budget_raised"
        case .budgetLowered: "budget_lowered"
        case .actual: "actual"
        case .unspecified, .UNRECOGNIZED: "unknown"
        }
    }
}
