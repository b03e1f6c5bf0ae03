import ArgumentParser
import AuthService
import CEOAPI
import CEORPC
import Foundation
import Logging

/// `ceo bootstrap-admin`: makes the first admin of an empty deployment, on purpose.
struct BootstrapAdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bootstrap-admin",
        abstract: "Make the deployment's first admin (refused once an admin exists).",
        discussion: """
            Creates the account with the password, or promotes an existing account with that email.
            The password is read from --password-file, else CEO_BOOTSTRAP_ADMIN_PASSWORD, else standard input.
            Works on AuthService's database directly, with or without the service running: the
            PostgreSQL database of CEO_AUTH_DATABASE_URL when it is set, else the SQLite file in the data folder.
            """
    )

    @OptionGroup var data: DataOptions

    @Option(help: "The admin's email.")
    var email: String

    @Option(help: "A file holding the password (its first line).")
    var passwordFile: String?

    func run() async throws {
        LogSetup.bootstrap()
        let logger = Logger(label: "bootstrap-admin")
        let password = try PasswordInput.read(file: passwordFile, variable: "CEO_BOOTSTRAP_ADMIN_PASSWORD")
        let database = try AuthEnvironmentSettings.database(in: ProcessInfo.processInfo.environment)
        let core = try await AuthServiceApp.openCore(database: database, dataDirectory: data.dataDirectory, logger: logger)
        do {
            let user = try await core.bootstrapAdmin(email: email, password: password)
            print("admin: \(user.email) (\(user.id))")
        } catch let error as RPCError {
            throw ValidationError(error.message)
        }
    }
}
