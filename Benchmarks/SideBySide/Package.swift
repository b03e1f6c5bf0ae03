// swift-tools-version: 6.1
import PackageDescription

/// The product's internal RPC beside grpc-swift-2, with the same messages over mutual
/// TLS, timed by the same loops (CEOBenchmarks.LoadRounds). A package of its own so
/// that the product's build never carries gRPC. Run by scripts/bench-side-by-side.sh.
let package = Package(
    name: "side-by-side",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "ceo-executive-agent", path: "../.."),
        .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        .executableTarget(
            name: "SideBySide",
            dependencies: [
                .product(name: "CEOBenchmarks", package: "ceo-executive-agent"),
                .product(name: "CEOServiceKit", package: "ceo-executive-agent"),
                .product(name: "CEORPC", package: "ceo-executive-agent"),
                .product(name: "CEOAPI", package: "ceo-executive-agent"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
