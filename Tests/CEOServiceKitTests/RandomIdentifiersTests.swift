@testable import CEOServiceKit
import Foundation
import Testing

@Suite("Random identifiers: bytes handed out once, ids well formed")
struct RandomIdentifiersTests {
    @Test("the pool never hands out the same bytes twice, across block boundaries, and serves large requests whole")
    func poolBytesAreFresh() {
        let pool = RandomBytePool()
        var seen = Set<[UInt8]>()
        // 24 does not divide the block: draws straddle refills.
        for _ in 0..<(3 * RandomBytePool.blockSize / 24) {
            let draw = pool.bytes(24)
            #expect(draw.count == 24)
            #expect(seen.insert(draw).inserted, "a 24-byte draw came twice")
        }
        #expect(pool.bytes(0).isEmpty)
        let large = pool.bytes(RandomBytePool.blockSize + 1)
        #expect(large.count == RandomBytePool.blockSize + 1 && Set(large).count > 200)
    }

    @Test("ids: lowercase hex of the asked length, never all zero; UUIDs of version 4")
    func formats() {
        var traces = Set<String>()
        for _ in 0..<1_000 {
            let trace = RandomIdentifiers.hex(16)
            #expect(trace.count == 32 && trace.allSatisfy { $0.isHexDigit && !$0.isUppercase } && trace != String(repeating: "0", count: 32))
            traces.insert(trace)
            let uuid = RandomIdentifiers.uuid()
            #expect(uuid.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil, "\(uuid)")
        }
        #expect(traces.count == 1_000)
        #expect(RandomIdentifiers.hex(of: [0x00, 0xAB, 0x10], dashesBefore: [1, 2]) == "00-ab-10")
    }

    @Test("base64 as Foundation writes it, for every length 0–40 and random bytes")
    func base64() {
        for length in 0...40 {
            for _ in 0..<50 {
                let bytes = RandomBytePool.draw(length)
                #expect(RandomIdentifiers.base64(of: bytes) == Data(bytes).base64EncodedString(), "\(bytes)")
            }
        }
        #expect(RandomIdentifiers.base64(16).count == 24)
    }
}
