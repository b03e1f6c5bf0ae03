#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Random identifiers made on every request — trace and span ids, request ids, CSP
/// nonces — from `arc4random_buf` (a kernel-seeded ChaCha20 stream per thread in glibc
/// 2.36+, no system call per id), written by table. A `getrandom` and a
/// `String(format:)` per byte cost a quarter of the edge's time. Secrets (API keys,
/// refresh tokens) keep AuthService's `SecureRandom`.
public enum RandomIdentifiers {
    /// `count` random bytes.
    public static func bytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { buffer in buffer.baseAddress.map { arc4random_buf($0, buffer.count) } }
        return bytes
    }

    /// `count` random bytes in lowercase hex, not all zero (W3C trace context forbids an
    /// all-zero id).
    public static func hex(_ count: Int) -> String {
        guard count > 0 else { return "" }
        while true {
            let random = bytes(count)
            if random.contains(where: { $0 != 0 }) { return hex(of: random) }
        }
    }

    /// A random (version 4) UUID in lowercase.
    public static func uuid() -> String {
        var random = bytes(16)
        random[6] = (random[6] & 0x0F) | 0x40
        random[8] = (random[8] & 0x3F) | 0x80
        return hex(of: random, dashesBefore: [4, 6, 8, 10])
    }

    /// `bytes` in lowercase hex, with a dash before each byte position in `dashesBefore`.
    static func hex(of bytes: [UInt8], dashesBefore: Set<Int> = []) -> String {
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: bytes.count * 2 + dashesBefore.count) { buffer in
            digits.withUTF8Buffer { table in
                var written = 0
                for (index, byte) in bytes.enumerated() {
                    if dashesBefore.contains(index) {
                        buffer[written] = UInt8(ascii: "-")
                        written += 1
                    }
                    buffer[written] = table[Int(byte >> 4)]
                    buffer[written + 1] = table[Int(byte & 0x0F)]
                    written += 2
                }
                return written
            }
        }
    }
}
