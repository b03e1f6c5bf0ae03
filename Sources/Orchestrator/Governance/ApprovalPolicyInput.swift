public import CEOAPI
public import CEODomain
import CEORPC
import Foundation

/// Checks an approval policy the owner sends, and converts a stored one to a run's currency.
public enum ApprovalPolicyInput {
    /// The policy as it will be stored: every bad field named (INVALID_ARGUMENT).
    public static func validated(_ policy: ApprovalPolicy, rates: PlanningRates = .standard) throws -> ApprovalPolicy {
        var violations: [FieldViolation] = []
        var policy = policy
        if policy.currency.isEmpty { policy.currency = PlanningRates.defaultCurrency }
        policy.currency = policy.currency.uppercased()
        if rates.rate(policy.currency) == nil {
            violations.append(FieldViolation(field: "currency", description: "one of \(rates.currencies.joined(separator: ", "))"))
        }
        if policy.hasAutoApproveUpToCents, !(0...JobStore.largestBudgetCents).contains(policy.autoApproveUpToCents) {
            violations.append(FieldViolation(field: "auto_approve_up_to_cents", description: policy.autoApproveUpToCents < 0 ? "must not be negative" : "too large to be an amount"))
        }
        if policy.hasExpireAfterSeconds, !ApprovalPolicyRules.expiryRange.contains(policy.expireAfterSeconds) {
            violations.append(FieldViolation(field: "expire_after_seconds", description: "between \(ApprovalPolicyRules.expiryRange.lowerBound) (a minute) and \(ApprovalPolicyRules.expiryRange.upperBound) (30 days)"))
        }
        if case .UNRECOGNIZED = policy.onRejection {
            violations.append(FieldViolation(field: "on_rejection", description: "continue or end_run"))
        }
        if policy.apiKeyID.count > 100 {
            violations.append(FieldViolation(field: "api_key_id", description: "at most 100 characters"))
        }
        guard violations.isEmpty else {
            throw RPCError(.invalidArgument, violations.map { "\($0.field): \($0.description)" }.joined(separator: "; "), details: violations)
        }
        return policy
    }

    /// `policy` for a run in `currency`: its amount converted at the planning rates.
    /// Nil when the policy asks for nothing.
    public static func forRun(_ policy: ApprovalPolicy?, currency: String, rates: PlanningRates = .standard) -> ApprovalPolicy? {
        guard var policy else { return nil }
        if policy.hasAutoApproveUpToCents, policy.currency != currency, rates.rate(policy.currency) != nil, rates.rate(currency) != nil {
            policy.autoApproveUpToCents = rates.convert(policy.autoApproveUpToCents, from: policy.currency, to: currency)
        }
        policy.currency = currency
        return policy
    }
}
