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
            abstract: "Create the development CA (in <data>/ca) and one folder per service (<data>/pki/<service>: its certificate, key and the CA certificate), once; existing files are kept.",
            discussion: "The CA's key stays in the CA folder: no service reads it. Mount or copy only <data>/pki/<service> into a service."
        )

        @OptionGroup var data: DataOptions

        @Option(name: .customLong("ca-dir"), help: "Where the CA's key and certificate live (default: <data>/ca).")
        var caDirectory: String?

        func run() async throws {
            let pki = DevelopmentPKI(dataDirectory: data.dataDirectory, authorityDirectory: caDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) })
            let written = try pki.ensure()
            if written.isEmpty {
                print("development PKI already present in \(pki.directory.path)")
            } else {
                for path in written { print("wrote \(path)") }
            }
        }
    }
}
