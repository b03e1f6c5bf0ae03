// swift-tools-version: 6.1
import PackageDescription

/// Settings shared by every target: Swift 6 language mode and the upcoming
/// features the anchors of our style (grpc-swift-2, hummingbird) enable.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "ceo-executive-agent",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ceo", targets: ["CEOCommand"]),
        .executable(name: "ceo-bench", targets: ["CEOBench"]),
        .library(name: "CEORPC", targets: ["CEORPC"]),
        .library(name: "CEOAPI", targets: ["CEOAPI"]),
        // For the packages beside this one: the fuzz targets (Tests/Fuzz) and the
        // side-by-side benchmark against grpc-swift-2 (Benchmarks/SideBySide).
        .library(name: "CEODomain", targets: ["CEODomain"]),
        .library(name: "Edge", targets: ["Edge"]),
        .library(name: "CEOServiceKit", targets: ["CEOServiceKit"]),
        .library(name: "CEOBenchmarks", targets: ["CEOBenchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // The internal RPC: frame codec, connections, server, client, status, mutual TLS.
        .target(
            name: "CEORPC",
            dependencies: [
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Generated protobuf messages and method descriptors of every service (from Protos/).
        .target(
            name: "CEOAPI",
            dependencies: [
                "CEORPC",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: swiftSettings
        ),
        // Service plumbing: configuration, development PKI, the Health service, service runner.
        .target(
            name: "CEOServiceKit",
            dependencies: [
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                "CEORPC",
                "CEOAPI",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Access-token verification for every service: claims, principal, JWKS cache.
        .target(
            name: "CEOAuthTokens",
            dependencies: [
                "CEORPC",
                "CEOAPI",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AuthService",
            dependencies: [
                "CEOServiceKit", "CEORPC", "CEOAPI", "CEOAuthTokens", "CEOStorage",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The services' databases: SQLite (GRDB, WAL) as the embedded default, PostgreSQL
        // (PostgresNIO) for replicas, behind one transaction interface with migrations.
        .target(
            name: "CEOStorage",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The domain catalog: the agents, the input rules and the lifecycle facts that every
        // service reads, from validated data files (Data/).
        .target(name: "CEODomain", dependencies: ["CEOAPI"], resources: [.process("Data")], swiftSettings: swiftSettings),
        .target(
            name: "Orchestrator",
            dependencies: [
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                "CEOServiceKit", "CEORPC", "CEOAPI", "CEOAuthTokens", "CEODomain", "CEOStorage",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AgentService",
            dependencies: [
                .product(name: "Metrics", package: "swift-metrics"),
                "CEOServiceKit", "CEORPC", "CEOAPI", "CEOAuthTokens", "CEODomain", "CEOStorage",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.process("Reference/Data")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Edge",
            dependencies: [
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                "CEOServiceKit", "CEORPC", "CEOAPI", "CEOAuthTokens", "CEODomain",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("OpenAPI/openapi.json"), .copy("WebApp")],
            swiftSettings: swiftSettings
        ),
        // Benchmarks: the RPC (unary and streaming over mutual TLS, with a plain-TCP baseline), AuthService,
        // the agents, the orchestrator and the rate limiter. Outside Sources/: no product binary links them.
        .target(
            name: "CEOBenchmarks",
            dependencies: [
                "CEORPC",
                "CEOAPI",
                "CEOServiceKit",
                "AuthService",
                "AgentService",
                "Orchestrator",
                "Edge",
                "CEODomain",
                "CEOAuthTokens",
                "CEOStorage",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Benchmarks/CEOBenchmarks",
            swiftSettings: swiftSettings
        ),
        // `ceo-bench rpc|auth|agents|orchestrator|ratelimit`: the benchmarks' own binary.
        .executableTarget(
            name: "CEOBench",
            dependencies: ["CEOBenchmarks", "CEOStorage", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Benchmarks/CEOBench",
            swiftSettings: swiftSettings
        ),
        // The product's one binary: `ceo auth|orchestrator|agents|edge|stack|client|pki|health|secret`.
        .executableTarget(
            name: "CEOCommand",
            dependencies: [
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                "AuthService", "Orchestrator", "AgentService", "Edge",
                "CEOServiceKit", "CEORPC", "CEOAPI", "CEODomain",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Helpers shared by the test targets: a test CA, servers and clients on loopback.
        .target(
            name: "CEOTestSupport",
            dependencies: [
                "CEORPC", "CEOAPI", "CEOServiceKit", "CEODomain", "CEOStorage",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/CEOTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AuthServiceTests",
            dependencies: [
                "AuthService", "CEOAuthTokens", "CEORPC", "CEOAPI", "CEOServiceKit", "CEOStorage", "CEOTestSupport",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CEODomainTests",
            dependencies: ["CEODomain", "CEOAPI", "CEOTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CEOAuthTokensTests",
            dependencies: ["CEOAuthTokens", "CEORPC", "CEOAPI"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CEOServiceKitTests",
            dependencies: [
                "CEOServiceKit", "CEORPC", "CEOAPI", "CEOTestSupport",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AgentServiceTests",
            dependencies: [
                "AgentService", "CEODomain", "CEOAPI", "CEOTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EdgeTests",
            dependencies: [
                "Edge", "CEOTestSupport", "CEORPC", "CEOAPI", "CEOServiceKit", "CEOAuthTokens", "CEODomain",
                "AuthService", "AgentService", "Orchestrator",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OperationsTests",
            dependencies: [
                "CEOTestSupport", "CEOServiceKit", "CEORPC",
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["CEOTestSupport", "CEOServiceKit"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OrchestratorTests",
            dependencies: [
                "Orchestrator", "AgentService", "AuthService", "CEOAuthTokens", "CEODomain", "CEOAPI", "CEORPC",
                "CEOServiceKit", "CEOTestSupport", "CEOStorage",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CEORPCTests",
            dependencies: [
                "CEORPC", "CEOAPI", "CEOServiceKit", "CEOTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
