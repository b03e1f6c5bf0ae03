import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The keyring of a single AuthService process: `signing-keys.json` in its data folder,
/// written atomically with mode 0600. Only this process writes it, so the keyring's
/// actor is its lock.
struct SigningKeyFile: SigningKeyStore {
    let url: URL

    func load() throws -> [SigningKeyMaterial] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        do {
            return try JSONDecoder().decode(Document.self, from: Data(contentsOf: url)).keys
        } catch {
            throw SigningKeyringError("cannot read the signing keyring \(url.path): \(error)")
        }
    }

    func update(_ change: @escaping @Sendable ([SigningKeyMaterial]) throws -> SigningKeyUpdate) throws -> SigningKeyUpdate {
        let stored = try load()
        let update = try change(stored)
        if update.keys != stored || !FileManager.default.fileExists(atPath: url.path) {
            try write(update.keys)
        }
        return update
    }

    private struct Document: Codable {
        var keys: [SigningKeyMaterial]
    }

    /// Writes to a temporary file created 0600, then renames it over the keyring.
    private func write(_ keys: [SigningKeyMaterial]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(Document(keys: keys))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw SigningKeyringError("cannot write \(temporary.path)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw SigningKeyringError("cannot replace \(url.path): \(reason)")
        }
    }
}
