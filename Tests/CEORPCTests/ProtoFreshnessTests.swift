import CEOAPI
import Crypto
import Foundation
import Testing

@Suite("Generated code")
struct ProtoFreshnessTests {
    @Test("the committed generated code was made from the current Protos/ (run scripts/generate-protos.sh)")
    func generatedCodeIsFresh() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let protos = root.appendingPathComponent("Protos")
        let enumerator = try #require(FileManager.default.enumerator(at: protos, includingPropertiesForKeys: nil))
        var files: [(String, Data)] = []
        for case let url as URL in enumerator where url.pathExtension == "proto" {
            let relative = String(url.standardizedFileURL.path.dropFirst(protos.standardizedFileURL.path.count + 1))
            files.append((relative, try Data(contentsOf: url)))
        }
        #expect(!files.isEmpty)
        var hasher = SHA256()
        for (path, contents) in files.sorted(by: { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }) {
            hasher.update(data: Data(path.utf8) + [0] + contents + [0])
        }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        #expect(digest == ProtoSourcesDigest.sha256, "Protos/ changed since the Swift code was generated: run scripts/generate-protos.sh")
    }
}
