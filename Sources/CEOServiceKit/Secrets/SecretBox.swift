import Crypto
import Foundation

/// Secrets encrypted at rest with a master key (AES-256-GCM), in a versioned text
/// format that can sit in a settings file or an environment variable:
///
///     ceo-secret:v1:<base64url(nonce ‖ ciphertext ‖ tag)>
///
/// The version prefix is authenticated too, so a value cannot be replayed under
/// another format. The master key is 32 random bytes in base64url, from
/// `CEO_MASTER_KEY` or the file `CEO_MASTER_KEY_FILE` names — never from the settings
/// file it protects. `ceo secret generate-key` and `ceo secret encrypt` make both.
public struct SecretBox: Sendable {
    public static let prefix = "ceo-secret:v1:"
    private let key: SymmetricKey

    public init(masterKey: Secret) throws {
        let text = masterKey.revealed.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64URLEncodedKey: text) ?? Data(base64Encoded: text), bytes.count == 32 else {
            throw ServiceSettingsError("the master key must be 32 bytes in base64url (make one with `ceo secret generate-key`)")
        }
        key = SymmetricKey(data: bytes)
    }

    /// The master key from `CEO_MASTER_KEY` or `CEO_MASTER_KEY_FILE` in the process's
    /// own environment (not the settings file); nil when neither is set.
    public static func fromEnvironment(_ environment: [String: String]) throws -> SecretBox? {
        if let inline = environment["CEO_MASTER_KEY"], !inline.isEmpty { return try SecretBox(masterKey: Secret(inline)) }
        guard let path = environment["CEO_MASTER_KEY_FILE"], !path.isEmpty else { return nil }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ServiceSettingsError("CEO_MASTER_KEY_FILE: cannot read '\(path)'")
        }
        return try SecretBox(masterKey: Secret(text))
    }

    /// A new master key, base64url.
    public static func generateMasterKey() -> Secret {
        Secret(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64URLEncodedKey())
    }

    public static func isEncrypted(_ text: String) -> Bool { text.hasPrefix(prefix) }

    public func encrypt(_ secret: Secret) throws -> String {
        let sealed = try AES.GCM.seal(Data(secret.revealed.utf8), using: key, authenticating: Data(Self.prefix.utf8))
        guard let combined = sealed.combined else { throw ServiceSettingsError("cannot encrypt the secret") }
        return Self.prefix + combined.base64URLEncodedKey()
    }

    /// The secret in `text`; an error (naming no value) when it is not this format or
    /// not sealed with this key.
    public func decrypt(_ text: String) throws -> Secret {
        let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard body.hasPrefix(Self.prefix), let combined = Data(base64URLEncodedKey: String(body.dropFirst(Self.prefix.count))) else {
            throw ServiceSettingsError("not an encrypted secret (expected \(Self.prefix)…)")
        }
        do {
            let box = try AES.GCM.SealedBox(combined: combined)
            let plain = try AES.GCM.open(box, using: key, authenticating: Data(Self.prefix.utf8))
            return Secret(String(decoding: plain, as: UTF8.self))
        } catch {
            throw ServiceSettingsError("cannot decrypt the secret: wrong master key, or the text is damaged")
        }
    }
}

extension Data {
    /// base64url without padding.
    func base64URLEncodedKey() -> String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    init?(base64URLEncodedKey text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: base64)
    }
}
