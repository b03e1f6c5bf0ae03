import Foundation
public import CEORPC

/// Typed settings read from the environment; errors name the variable.
public enum EnvironmentSettings {
    /// A comma-separated list of `host:port`, or `fallback` when unset.
    public static func endpoints(_ name: String, in environment: [String: String], default fallback: String) throws -> [RPCEndpoint] {
        let text = environment[name].flatMap { $0.isEmpty ? nil : $0 } ?? fallback
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let endpoints = parts.compactMap(RPCEndpoint.init)
        guard !endpoints.isEmpty, endpoints.count == parts.count else {
            throw ServiceSettingsError("\(name) must be a comma-separated list of host:port, got '\(text)'")
        }
        return endpoints
    }

    /// An integer in `range`, or `fallback` when unset.
    public static func integer(_ name: String, in environment: [String: String], default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = environment[name], !text.isEmpty else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw ServiceSettingsError("\(name) must be an integer in \(range.lowerBound)–\(range.upperBound), got '\(text)'")
        }
        return value
    }

    /// `1`, `true` or `yes` (any case) is true; unset is `fallback`; anything else is an error.
    public static func flag(_ name: String, in environment: [String: String], default fallback: Bool = false) throws -> Bool {
        guard let text = environment[name]?.lowercased(), !text.isEmpty else { return fallback }
        if ["1", "true", "yes"].contains(text) { return true }
        if ["0", "false", "no"].contains(text) { return false }
        throw ServiceSettingsError("\(name) must be true or false, got '\(text)'")
    }
}
