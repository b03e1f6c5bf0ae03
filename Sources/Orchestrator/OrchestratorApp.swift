import CEODomain
import CEOAPI
import CEOAuthTokens
public import CEORPC
public import CEOServiceKit
import Foundation
public import Logging
public import CEOStorage
import ServiceLifecycle

/// The orchestrator service: plans, durable runs, the budget ledger and event streams.
public enum OrchestratorApp {
    public static let descriptor = ServiceDescriptor(
        identity: .orchestrator,
        defaultPort: 7102,
        summary: "plans, durable runs, the budget ledger and event streams"
    )

    /// The Orchestrator RPC service, with its database at `<data>/orchestrator/orchestrator.sqlite`,
    /// the clients of AuthService (token keys) and AgentService (the agents), and the
    /// engine that executes and resumes runs.
    ///
    /// Settings (environment): `CEO_AUTH_ENDPOINTS` (default `127.0.0.1:7101`) and
    /// `CEO_AGENT_ENDPOINTS` (default `127.0.0.1:7103`), comma-separated `host:port`
    /// lists; `CEO_ORCHESTRATOR_MAX_CONCURRENT_TASKS` (3), `CEO_ORCHESTRATOR_TASK_TIMEOUT_SECONDS`
    /// (120), `CEO_ORCHESTRATOR_FAIL_RUN_ON_TASK_FAILURE` (false); webhooks retry after
    /// `CEO_WEBHOOK_RETRY_BASE_SECONDS` (10, doubling) up to `CEO_WEBHOOK_MAX_ATTEMPTS` (8) attempts.
    /// Replicas: `CEO_ORCHESTRATOR_DATABASE_URL` or `_FILE` (a `postgres://` URL: PostgreSQL instead
    /// of SQLite), `CEO_ORCHESTRATOR_REPLICA_ID` (host/pid/random), `CEO_ORCHESTRATOR_LEASE_SECONDS` (10).
    public static func components(settings: ServiceSettings, configuration: OrchestratorConfiguration, logger: Logger) async throws -> ServiceComponents {
        // Refuses to start on an invalid catalog, naming the file and the entry; the
        // planner then reads AgentCatalog.standard.
        _ = try AgentCatalog.bundled()
        _ = try LocationTable.bundled()
        _ = try PlanningRates.bundled()
        _ = try ObjectiveVocabulary.bundled()
        let tls = try settings.tlsConfiguration()
        let authClient = try RPCClient(
            configuration: settings.clientConfiguration(endpoints: configuration.authEndpoints, tls: tls),
            logger: Logger(label: "orchestrator.auth-client")
        )
        let agentClient = try RPCClient(
            configuration: settings.clientConfiguration(endpoints: configuration.agentEndpoints, tls: tls),
            logger: Logger(label: "orchestrator.agent-client")
        )
        let store: JobStore
        var background: [any Service] = [authClient, agentClient]
        if let postgres = configuration.database {
            store = try await JobStore.open(postgres: postgres, logger: logger)
            if let database = store.database as? PostgresDatabase {
                // Events committed by the other replicas reach this one's watchers.
                background.append(JobEventRelay(store: store, database: database, logger: logger))
            }
        } else {
            store = try JobStore(
                path: settings.dataDirectory.appendingPathComponent("orchestrator").appendingPathComponent("orchestrator.sqlite").path
            )
        }
        let engine = OrchestrationEngine(
            store: store, agents: RPCAgentCaller(client: agentClient), settings: configuration.execution, logger: logger
        )
        let verifier = AccessTokenVerifier(source: RemoteSigningKeySource(client: authClient), logger: logger)
        // Webhooks may point only at public HTTPS endpoints in production.
        let webhookPolicy = WebhookURLPolicy(strict: settings.profile == .production)
        let webhooks = WebhookDispatcher(store: store, policy: webhookPolicy, settings: configuration.webhooks, logger: logger)
        logger.info("orchestrator ready", metadata: [
            "auth": "\(configuration.authEndpoints.map(\.description))", "agents": "\(configuration.agentEndpoints.map(\.description))",
            "store": "\(store.database.dialect.rawValue)", "replica": "\(configuration.execution.replicaID)",
        ])
        return ServiceComponents(
            rpcServices: [OrchestratorRPCService(store: store, engine: engine, verifier: verifier, webhookPolicy: webhookPolicy)],
            background: background + [engine, webhooks]
        )
    }
}

/// The Orchestrator's settings, parsed once at start (see ``OrchestratorApp/components(settings:configuration:logger:)``).
public struct OrchestratorConfiguration: ServiceConfiguration {
    public var authEndpoints: [RPCEndpoint]
    public var agentEndpoints: [RPCEndpoint]
    public var execution: OrchestrationSettings
    public var webhooks: WebhookSettings
    /// PostgreSQL, shared by the replicas; nil: SQLite in the data folder.
    public var database: PostgresSettings?

    public init(environment: [String: String]) throws {
        authEndpoints = try EnvironmentSettings.endpoints("CEO_AUTH_ENDPOINTS", in: environment, default: "127.0.0.1:7101")
        agentEndpoints = try EnvironmentSettings.endpoints("CEO_AGENT_ENDPOINTS", in: environment, default: "127.0.0.1:7103")
        let concurrency = try EnvironmentSettings.integer("CEO_ORCHESTRATOR_MAX_CONCURRENT_TASKS", in: environment, default: 3, range: 1...64)
        let timeout = try EnvironmentSettings.integer("CEO_ORCHESTRATOR_TASK_TIMEOUT_SECONDS", in: environment, default: 120, range: 1...3_600)
        let failFast = try EnvironmentSettings.flag("CEO_ORCHESTRATOR_FAIL_RUN_ON_TASK_FAILURE", in: environment)
        let lease = try EnvironmentSettings.integer("CEO_ORCHESTRATOR_LEASE_SECONDS", in: environment, default: 10, range: 2...300)
        let replica = environment["CEO_ORCHESTRATOR_REPLICA_ID"].flatMap { $0.isEmpty ? nil : $0 } ?? OrchestrationSettings.defaultReplicaID()
        execution = OrchestrationSettings(
            maxConcurrentTasks: concurrency, taskTimeout: .seconds(timeout), failRunOnTaskFailure: failFast,
            replicaID: replica, leaseDuration: .seconds(lease), leaseScanInterval: .seconds(max(1, lease / 5))
        )
        // A secret (it carries the password): inline, or in the file CEO_ORCHESTRATOR_DATABASE_URL_FILE names.
        database = try EnvironmentSecrets.secret("CEO_ORCHESTRATOR_DATABASE_URL", in: environment).map {
            try PostgresSettings(url: $0.revealed, setting: "CEO_ORCHESTRATOR_DATABASE_URL")
        }
        let retry = try EnvironmentSettings.integer("CEO_WEBHOOK_RETRY_BASE_SECONDS", in: environment, default: 10, range: 1...3_600)
        let attempts = try EnvironmentSettings.integer("CEO_WEBHOOK_MAX_ATTEMPTS", in: environment, default: 8, range: 1...20)
        webhooks = WebhookSettings(retryBase: .seconds(retry), maxAttempts: attempts)
    }

    /// Production refuses a database connection whose certificate is not verified.
    public func review() -> ProfileReview {
        var review = ProfileReview()
        if let database {
            review.require(database.tlsMode == .verifyFull, "CEO_ORCHESTRATOR_DATABASE_URL must use sslmode=verify-full (got \(database.tlsMode.rawValue))")
        }
        return review
    }
}
