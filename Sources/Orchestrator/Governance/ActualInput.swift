public import CEOAPI
public import CEODomain
import CEORPC
public import Foundation

/// Checks a payment the owner records and converts it to the run's currency.
public enum ActualInput {
    /// The payment as it will be stored, in `runCurrency`: INVALID_ARGUMENT naming each
    /// bad field. A payment in another currency needs its rate.
    public static func validated(_ request: RecordActualRequest, runCurrency: String, today: Date, rates: PlanningRates = .standard) throws -> Actual {
        var violations: [FieldViolation] = []
        let currency = request.currency.isEmpty ? runCurrency : request.currency.uppercased()
        if request.amountMinor <= 0 {
            violations.append(FieldViolation(field: "amount_minor", description: "must be more than 0"))
        } else if request.amountMinor > JobStore.largestBudgetCents {
            violations.append(FieldViolation(field: "amount_minor", description: "too large to be an amount"))
        }
        if currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            violations.append(FieldViolation(field: "currency", description: "an ISO 4217 code such as \(runCurrency)"))
        }
        var amount = request.amountMinor
        var rateText = ""
        if currency != runCurrency {
            if request.rate.isEmpty {
                violations.append(FieldViolation(field: "rate", description: "required for a payment in \(currency): \(runCurrency) per 1 \(currency), for example \"1.0825\""))
            } else if let rate = Decimal(string: request.rate, locale: Locale(identifier: "en_US_POSIX")), rate > 0, rate < 1_000_000, request.rate.allSatisfy({ $0.isNumber || $0 == "." }) {
                var converted = Decimal(request.amountMinor) * rate
                var rounded = Decimal()
                NSDecimalRound(&rounded, &converted, 0, .bankers)
                amount = NSDecimalNumber(decimal: rounded).int64Value
                rateText = request.rate
                if amount <= 0 { violations.append(FieldViolation(field: "rate", description: "converts the amount to nothing")) }
            } else {
                violations.append(FieldViolation(field: "rate", description: "a positive decimal number such as \"1.0825\""))
            }
        } else if !request.rate.isEmpty {
            violations.append(FieldViolation(field: "rate", description: "only for a payment in another currency than the run's (\(runCurrency))"))
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        if let day = formatter.date(from: request.paidOn), formatter.string(from: day) == request.paidOn {
            if day > today.addingTimeInterval(86_400) {
                violations.append(FieldViolation(field: "paid_on", description: "must not be in the future"))
            }
        } else {
            violations.append(FieldViolation(field: "paid_on", description: "a date as YYYY-MM-DD"))
        }
        if request.vendor.count > 200 { violations.append(FieldViolation(field: "vendor", description: "at most 200 characters")) }
        if request.note.count > 500 { violations.append(FieldViolation(field: "note", description: "at most 500 characters")) }
        for (field, text) in [("vendor", request.vendor), ("note", request.note)] where text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) {
            violations.append(FieldViolation(field: field, description: "must not contain control characters"))
        }
        guard violations.isEmpty else {
            throw RPCError(.invalidArgument, violations.map { "\($0.field): \($0.description)" }.joined(separator: "; "), details: violations)
        }
        var actual = Actual()
        actual.taskID = request.taskID
        actual.amountCents = amount
        actual.paidAmountMinor = request.amountMinor
        actual.paidCurrency = currency
        actual.rate = rateText
        actual.paidOn = request.paidOn
        actual.vendor = request.vendor
        actual.note = request.note
        return actual
    }
}
