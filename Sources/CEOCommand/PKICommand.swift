import ArgumentParser
import CEOServiceKit
import Foundation

struct PKICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pki",
        abstract: "Manage the development PKI.",
        subcommands: [Init.self]
    )

    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the development CA and one certificate per service in <data>/pki (once; existing files are kept)."
        )

        @OptionGroup var data: DataOptions

        func run() async throws {
            let pki = DevelopmentPKI(dataDirectory: data.dataDirectory)
            let written = try pki.ensure()
            if written.isEmpty {
                print("development PKI already present in \(pki.directory.path)")
            } else {
                for path in written { print("wrote \(path)") }
            }
        }
    }
}
