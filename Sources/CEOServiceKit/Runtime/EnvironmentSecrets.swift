import Foundation

/// Secrets in the environment, given inline or — as container secrets are — by a
/// `*_FILE` path.
public enum EnvironmentSecrets {
    /// `NAME`'s value, or the contents of the file `NAME_FILE` names; nil when neither
    /// is set. The error names the setting and the path, never a value.
    public static func value(_ name: String, in environment: [String: String]) throws -> String? {
        if let value = environment[name], !value.isEmpty { return value }
        guard let path = environment[name + "_FILE"], !path.isEmpty else { return nil }
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ServiceSettingsError("\(name)_FILE: cannot read '\(path)'")
        }
    }
}
