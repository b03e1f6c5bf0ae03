import ArgumentParser
import CEOServiceKit
import Foundation

/// `ceo secret`: the master key and secrets encrypted with it, for settings files and
/// environment variables (see `docs/CONFIGURATION.md`).
struct SecretCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secret",
        abstract: "Make a master key, or encrypt a secret with it (AES-256-GCM, ceo-secret:v1:…).",
        subcommands: [GenerateKey.self, Encrypt.self]
    )

    struct GenerateKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate-key",
            abstract: "Print a new master key (32 random bytes, base64url). Keep it in CEO_MASTER_KEY or a file named by CEO_MASTER_KEY_FILE."
        )

        func run() throws {
            print(SecretBox.generateMasterKey().revealed)
        }
    }

    struct Encrypt: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Encrypt the secret on standard input (its first line) with the master key from CEO_MASTER_KEY or CEO_MASTER_KEY_FILE.",
            discussion: "Put the printed ceo-secret:v1:… text where the plain secret would go, for example CEO_MODEL_API_KEY=ceo-secret:v1:…"
        )

        func run() throws {
            guard let box = try SecretBox.fromEnvironment(ProcessInfo.processInfo.environment) else {
                throw ValidationError("no master key: set CEO_MASTER_KEY or CEO_MASTER_KEY_FILE (make one with `ceo secret generate-key`)")
            }
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationError("write the secret to standard input")
            }
            print(try box.encrypt(Secret(line)))
        }
    }
}
