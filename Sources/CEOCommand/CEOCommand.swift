import ArgumentParser

/// The product's one binary. Every service is a subcommand of the same executable, so
/// a deployment ships one artefact and one container image; each service still runs
/// as its own process and scales on its own.
@main
struct CEOCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ceo",
        abstract: "CEO Executive Agent: plan a company's launch and run specialised agents under a budget.",
        subcommands: [
            AuthCommand.self, OrchestratorCommand.self, AgentsCommand.self, EdgeCommand.self,
            StackCommand.self, ClientCommand.self, SecretCommand.self, PKICommand.self, HealthCommand.self, BootstrapAdminCommand.self,
        ]
    )
}
