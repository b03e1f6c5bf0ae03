#!/usr/bin/env bash
# Regenerates the committed Swift code from Protos/:
#   - messages with protoc + protoc-gen-swift (swift-protobuf, the version Package.swift pins),
#   - typed method descriptors and the digest of the inputs with generate_method_descriptors.py.
# protoc comes from Debian's protobuf-compiler; protoc-gen-swift is built once into .build-protoc/.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v protoc >/dev/null || { apt-get update -qq && apt-get install -y -qq protobuf-compiler; }

plugin=".build-protoc/release/protoc-gen-swift"
if [ ! -x "$plugin" ]; then
  swift package resolve
  swift build -c release --package-path .build/checkouts/swift-protobuf \
    --scratch-path .build-protoc --product protoc-gen-swift
fi

rpc_out=Sources/CEORPC/Generated
api_out=Sources/CEOAPI/Generated
rm -f "$rpc_out"/*.pb.swift "$api_out"/*.pb.swift "$api_out"/*.rpc.swift
mkdir -p "$rpc_out" "$api_out"

opts="--plugin=protoc-gen-swift=$plugin --swift_opt=Visibility=Public --swift_opt=FileNaming=PathToUnderscores --swift_opt=UseAccessLevelOnImports=true"
# The frame belongs to the RPC layer itself.
protoc -IProtos $opts --swift_out="$rpc_out" Protos/ceo/rpc/v1/frame.proto
# Every service's API (and the method options) in CEOAPI.
protoc -IProtos $opts --swift_out="$api_out" \
  Protos/ceo/rpc/v1/options.proto \
  Protos/ceo/health/v1/health.proto \
  Protos/ceo/common/v1/common.proto \
  Protos/ceo/auth/v1/auth.proto \
  Protos/ceo/orchestrator/v1/orchestrator.proto \
  Protos/ceo/agents/v1/agents.proto \
  Protos/ceo/bench/v1/bench.proto

python3 scripts/generate_method_descriptors.py Protos "$api_out"
echo "generated: $(ls "$rpc_out" "$api_out" | grep -c swift) files"
