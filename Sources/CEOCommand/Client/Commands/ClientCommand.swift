import ArgumentParser

/// `ceo client`: the product from a terminal or a script, over HTTPS and the WebSocket
/// like the browser.
struct ClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client",
        abstract: "Use the product through the edge: sign in, analyze, run live, list, show, export, API keys, approvals, budgets and actuals.",
        discussion: """
            Exit codes: 0 success; 2 the server refused the input; 3 not signed in or not allowed; \
            4 not found; 5 rate limited; 6 the edge or a service is unavailable; 7 a run ended unsuccessfully; \
            64 wrong usage. Every command takes --json for scripts.
            """,
        subcommands: [
            LoginCommand.self, LogoutCommand.self, AnalyzeCommand.self, RunCommand.self, JobsCommand.self,
            ShowCommand.self, ExportCommand.self, KeysCommand.self, ApprovalsCommand.self, BudgetCommand.self, ActualsCommand.self, WebhooksCommand.self,
        ]
    )
}
