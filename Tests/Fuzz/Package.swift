// swift-tools-version: 6.1
import PackageDescription

/// libFuzzer targets for the product's decoders, built on their own with
/// libFuzzer's coverage and AddressSanitizer (see run-fuzzers.sh), so that
/// the product's own build carries no instrumentation.
let package = Package(
    name: "ceo-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "ceo-executive-agent", path: "../.."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
    ],
    targets: [
        // The RPC's inbound pipeline: bounded length-prefix framing, then the protobuf frame codec.
        .executableTarget(
            name: "RPCFrameFuzzer",
            dependencies: [
                .product(name: "CEORPC", package: "ceo-executive-agent"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // The edge's JSON request decoding: the body checks, then each route's field reading.
        .executableTarget(
            name: "EdgeJSONFuzzer",
            dependencies: [
                .product(name: "Edge", package: "ceo-executive-agent"),
                .product(name: "CEODomain", package: "ceo-executive-agent"),
                .product(name: "CEOAPI", package: "ceo-executive-agent"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
