public import Foundation

/// Secrets in the settings: given inline, by a `*_FILE` path (as container secrets
/// are), and either way possibly encrypted with the master key (see ``SecretBox``).
public enum EnvironmentSecrets {
    /// `NAME`'s secret, or the one in the file `NAME_FILE` names (trailing newlines
    /// removed), decrypted when it is a `ceo-secret:v1:` value; nil when neither is
    /// set. Errors name the setting and the path, never a value.
    /// The master key comes from `masterKeyEnvironment` — the process's own environment,
    /// never the settings file, so the file cannot carry the key to its own secrets.
    public static func secret(
        _ name: String, in environment: [String: String], masterKeyEnvironment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Secret? {
        var text: String
        if let value = environment[name], !value.isEmpty {
            text = value
        } else if let path = environment[name + "_FILE"], !path.isEmpty {
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw ServiceSettingsError("\(name)_FILE: cannot read '\(path)'")
            }
            while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        } else {
            return nil
        }
        guard SecretBox.isEncrypted(text) else { return Secret(text) }
        guard let box = try SecretBox.fromEnvironment(masterKeyEnvironment) else {
            throw ServiceSettingsError("\(name) is encrypted: set CEO_MASTER_KEY or CEO_MASTER_KEY_FILE")
        }
        do {
            return try box.decrypt(text)
        } catch let error as ServiceSettingsError {
            throw ServiceSettingsError("\(name): \(error.description)")
        }
    }

    /// ``secret(_:in:)``'s value, for settings that are parsed at once (keys).
    public static func value(_ name: String, in environment: [String: String]) throws -> String? {
        try secret(name, in: environment)?.revealed
    }
}
