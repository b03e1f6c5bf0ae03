#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Synchronization

/// Random identifiers made on every request — trace and span ids, request ids, CSP
/// nonces — written by table. The bytes come from the kernel's generator
/// (`arc4random_buf`, which is one `getrandom` system call per call in glibc 2.36) 4 KiB
/// at a time, each byte handed out once (``RandomBytePool``): four system calls per
/// request (trace, span and request ids, nonce) were 3% of the edge's time. Secrets
/// (API keys, refresh tokens) keep AuthService's `SecureRandom`.
public enum RandomIdentifiers {
    private static let pool = RandomBytePool()

    /// `count` random bytes.
    public static func bytes(_ count: Int) -> [UInt8] { pool.bytes(count) }

    /// 64 random bits.
    public static func word() -> UInt64 { pool.word() }

    /// 64 random bits, not all zero (W3C trace context forbids an all-zero span id).
    public static func nonZeroWord() -> UInt64 {
        while true {
            let word = pool.word()
            if word != 0 { return word }
        }
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

    /// `count` random bytes in standard base64, padded (RFC 4648, as Foundation writes it).
    public static func base64(_ count: Int) -> String { base64(of: bytes(count)) }

    /// `bytes` in standard, padded base64.
    static func base64(of bytes: [UInt8]) -> String {
        let alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        return String(unsafeUninitializedCapacity: (bytes.count + 2) / 3 * 4) { buffer in
            alphabet.withUTF8Buffer { table in
                var written = 0
                var index = 0
                while index < bytes.count {
                    let count = min(3, bytes.count - index)
                    let group = (UInt32(bytes[index]) << 16) | (count > 1 ? UInt32(bytes[index + 1]) << 8 : 0) | (count > 2 ? UInt32(bytes[index + 2]) : 0)
                    for position in 0..<4 {
                        buffer[written + position] = position <= count ? table[Int((group >> (18 - 6 * position)) & 0x3F)] : UInt8(ascii: "=")
                    }
                    written += 4
                    index += 3
                }
                return written
            }
        }
    }

    /// A random (version 4) UUID in lowercase.
    public static func uuid() -> String {
        var random = bytes(16)
        random[6] = (random[6] & 0x0F) | 0x40
        random[8] = (random[8] & 0x3F) | 0x80
        return hex(of: random, dashesBefore: uuidDashes)
    }

    /// The byte positions a UUID's dashes come before.
    private static let uuidDashes = [4, 6, 8, 10]

    /// `bytes` in lowercase hex, with a dash before each byte position in `dashesBefore`
    /// (ascending).
    static func hex(of bytes: [UInt8], dashesBefore: [Int] = []) -> String {
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: bytes.count * 2 + dashesBefore.count) { buffer in
            digits.withUTF8Buffer { table in
                var written = 0
                var dashes = dashesBefore[...]
                for (index, byte) in bytes.enumerated() {
                    if dashes.first == index {
                        buffer[written] = UInt8(ascii: "-")
                        written += 1
                        dashes = dashes.dropFirst()
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

/// Kernel random bytes drawn a block at a time and handed out once each, in order.
final class RandomBytePool: Sendable {
    /// Bytes drawn from the kernel at a time.
    static let blockSize = 4_096

    private struct Block {
        var bytes = [UInt8](repeating: 0, count: RandomBytePool.blockSize)
        /// Bytes of `bytes` not yet handed out start here.
        var next = RandomBytePool.blockSize
    }

    private let block = Mutex(Block())

    /// `count` bytes never handed out before; a request larger than a block is drawn on its own.
    func bytes(_ count: Int) -> [UInt8] {
        guard count > 0 else { return [] }
        guard count <= Self.blockSize else { return Self.draw(count) }
        return block.withLock { block in
            if block.bytes.count - block.next < count {
                block.bytes.withUnsafeMutableBytes { Self.fill($0) }
                block.next = 0
            }
            defer { block.next += count }
            return Array(block.bytes[block.next..<block.next + count])
        }
    }

    /// Eight bytes never handed out before, as one number (no array made).
    func word() -> UInt64 {
        block.withLock { block in
            if block.bytes.count - block.next < 8 {
                block.bytes.withUnsafeMutableBytes { Self.fill($0) }
                block.next = 0
            }
            defer { block.next += 8 }
            return block.bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: block.next, as: UInt64.self) }
        }
    }

    /// `count` bytes straight from the kernel.
    static func draw(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { fill($0) }
        return bytes
    }

    private static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        buffer.baseAddress.map { arc4random_buf($0, buffer.count) }
    }
}
