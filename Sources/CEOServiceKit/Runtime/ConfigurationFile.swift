public import Foundation

/// The settings a process runs with: the `KEY=value` lines of the file
/// `CEO_CONFIG_FILE` names (when set), overridden by the process's environment.
///
/// The file has one setting per line, `#` comments and blank lines; a value may be
/// quoted with `"` or `'`. Keys are the same `CEO_*` names as the environment's.
public enum ConfigurationFile {
    /// The merged settings. An unreadable file or a malformed line is an error naming
    /// the file and the line, never a value.
    public static func environment(_ process: [String: String] = ProcessInfo.processInfo.environment) throws -> [String: String] {
        guard let path = process["CEO_CONFIG_FILE"], !path.isEmpty else { return process }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ServiceSettingsError("CEO_CONFIG_FILE: cannot read '\(path)'")
        }
        return try parse(text, named: path).merging(process) { _, fromProcess in fromProcess }
    }

    /// The settings of a file's text.
    public static func parse(_ text: String, named name: String) throws -> [String: String] {
        var settings: [String: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "=") else {
                throw ServiceSettingsError("\(name):\(index + 1): expected KEY=value")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }) else {
                throw ServiceSettingsError("\(name):\(index + 1): '\(key.prefix(40))' is not a setting name (A–Z, 0–9, _)")
            }
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            } else if let comment = value.range(of: " #") {
                value = value[..<comment.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            settings[key] = value
        }
        return settings
    }
}
