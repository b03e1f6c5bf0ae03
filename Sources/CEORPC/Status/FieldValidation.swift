/// Collects the field violations of a request, then throws them together as
/// INVALID_ARGUMENT.
public struct FieldValidation: Sendable {
    public private(set) var violations: [FieldViolation] = []

    public init() {}

    public mutating func fail(_ field: String, _ description: String) {
        violations.append(FieldViolation(field: field, description: description))
    }

    /// Throws INVALID_ARGUMENT naming every violated field, if any.
    public func check(_ summary: String = "invalid request") throws {
        guard !violations.isEmpty else { return }
        let fields = violations.map { "\($0.field): \($0.description)" }.joined(separator: "; ")
        throw RPCError(.invalidArgument, "\(summary): \(fields)", details: violations)
    }
}
