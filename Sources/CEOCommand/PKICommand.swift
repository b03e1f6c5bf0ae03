import ArgumentParser
import CEORPC
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

        @Option(name: .customLong("server"), help: "Also issue a server certificate for this host (repeatable), e.g. postgres: <data>/pki/<name>/{cert,key,ca}.pem.")
        var servers: [String] = []

        func validate() throws {
            for name in servers where name.isEmpty || !name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) || DevelopmentPKI.services.map(\.name).contains(name) {
                throw ValidationError("--server must be a host name of letters, digits and '-' that is not one of the services (got '\(name)')")
            }
        }

        func run() async throws {
            let pki = DevelopmentPKI(dataDirectory: data.dataDirectory, authorityDirectory: caDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) })
            let written = try pki.ensure(services: DevelopmentPKI.services + servers.map(ServiceIdentity.init))
            if written.isEmpty {
                print("development PKI already present in \(pki.directory.path)")
            } else {
                for path in written { print("wrote \(path)") }
            }
        }
    }
}
