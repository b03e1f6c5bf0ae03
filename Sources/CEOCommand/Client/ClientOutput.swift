import CEOAPI
import CEODomain
import Foundation

/// Standard error, unbuffered.
enum FileHandleStandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Standard output, flushed per call (progress lines must appear at once).
enum Output {
    static func line(_ text: String = "") {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func raw(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// A JSON value, pretty-printed with sorted keys.
    static func json(_ value: Any) {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .fragmentsAllowed])) ?? Data("null".utf8)
        line(String(decoding: data, as: UTF8.self))
    }

    /// One JSON value on one line (for streams of events).
    static func jsonLine(_ value: Any) {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])) ?? Data("null".utf8)
        line(String(decoding: data, as: UTF8.self))
    }

    static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}

enum Format {
    /// Hundredths of `currency` (a run's `plan.company.currency`; US dollars when absent).
    static func money(_ cents: Any?, _ currency: String? = nil) -> String {
        Money.amount((cents as? NSNumber)?.int64Value ?? 0, currency: currency ?? "USD")
    }

    /// The currency of a run (`job`) or a plan.
    static func currency(of object: [String: Any]) -> String? {
        let plan = object["plan"] as? [String: Any] ?? object
        return (plan["company"] as? [String: Any])?["currency"] as? String
    }

    static func date(_ milliseconds: Any?) -> String {
        guard let ms = (milliseconds as? NSNumber)?.doubleValue, ms > 0 else { return "—" }
        return Date(timeIntervalSince1970: ms / 1000).formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false))
    }

    /// Short names of the agents by machine name: `web_development` → `Web development`.
    static let agentNames = Dictionary(uniqueKeysWithValues: AgentType.productOrder.map { ($0.machineName, $0.shortTitle) })

    /// Rows as columns padded to their widest cell.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
