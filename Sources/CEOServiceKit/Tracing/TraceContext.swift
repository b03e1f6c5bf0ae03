import Foundation
public import Instrumentation
public import Logging

/// A W3C trace context (`traceparent: 00-<trace id>-<span id>-<flags>`): the trace a
/// piece of work belongs to, and this hop's span in it.
///
/// The ids are kept as numbers and written in hex only when read: the edge starts a
/// trace on every request, and most requests (answered from a cache, logging nothing)
/// never read them.
public struct TraceContext: Sendable, Equatable {
    /// The trace id's first and last 64 bits (not both zero).
    private let traceHigh: UInt64
    private let traceLow: UInt64
    /// The span id's bits (never zero).
    private let span: UInt64
    public let sampled: Bool

    /// 32 lowercase hex digits, never all zero.
    public var traceID: String { Self.hex(traceHigh) + Self.hex(traceLow) }
    /// 16 lowercase hex digits: this hop's span.
    public var spanID: String { Self.hex(span) }

    /// A new trace, with its first span.
    public static func newTrace() -> TraceContext {
        TraceContext(traceHigh: RandomIdentifiers.word(), traceLow: RandomIdentifiers.nonZeroWord(), span: RandomIdentifiers.nonZeroWord(), sampled: true)
    }

    /// A `traceparent` value, or nil when it is malformed (version 00, or a later one
    /// read as 00 as the W3C spec asks).
    public init?(traceparent: String) {
        let parts = traceparent.trimmingCharacters(in: .whitespaces).split(separator: "-")
        guard parts.count >= 4, parts[0].utf8.count == 2, parts[1].utf8.count == 32, parts[2].utf8.count == 16, parts[3].utf8.count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy(Self.isHexDigit) }),
              parts[0].lowercased() != "ff", parts[0] != "00" || parts.count == 4,
              let high = UInt64(parts[1].prefix(16), radix: 16), let low = UInt64(parts[1].suffix(16), radix: 16),
              let span = UInt64(parts[2], radix: 16), let flags = UInt8(parts[3], radix: 16),
              high != 0 || low != 0, span != 0
        else { return nil }
        self.init(traceHigh: high, traceLow: low, span: span, sampled: flags & 1 == 1)
    }

    private init(traceHigh: UInt64, traceLow: UInt64, span: UInt64, sampled: Bool) {
        self.traceHigh = traceHigh
        self.traceLow = traceLow
        self.span = span
        self.sampled = sampled
    }

    /// The same trace, with a new span for this hop.
    public func child() -> TraceContext {
        TraceContext(traceHigh: traceHigh, traceLow: traceLow, span: RandomIdentifiers.nonZeroWord(), sampled: sampled)
    }

    public var traceparent: String { "00-\(traceID)-\(spanID)-\(sampled ? "01" : "00")" }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    /// `value` as 16 lowercase hex digits.
    private static func hex(_ value: UInt64) -> String {
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 16) { buffer in
            digits.withUTF8Buffer { table in
                for index in 0..<16 { buffer[index] = table[Int((value >> (60 - 4 * UInt64(index))) & 0xF)] }
            }
            return 16
        }
    }
}

/// Where the trace context lives in an `InstrumentationContext` (task-local).
public enum TraceContextKey: InstrumentationContextKey {
    public typealias Value = TraceContext
    public static var nameOverride: String? { "traceparent" }
}

/// Propagates W3C trace context: `extract` continues the caller's trace with a new span
/// (or starts a trace when there is none, or it is malformed); `inject` passes this
/// hop's span on as the `traceparent` of outgoing calls.
public struct W3CTraceContextInstrument: Instrument {
    public init() {}

    public func extract<Carrier, Extract>(_ carrier: Carrier, into context: inout InstrumentationContext, using extractor: Extract)
    where Extract: Extractor, Extract.Carrier == Carrier {
        let incoming = extractor.extract(key: "traceparent", from: carrier).flatMap(TraceContext.init(traceparent:))
        context[TraceContextKey.self] = incoming?.child() ?? context[TraceContextKey.self]?.child() ?? .newTrace()
    }

    public func inject<Carrier, Inject>(_ context: InstrumentationContext, into carrier: inout Carrier, using injector: Inject)
    where Inject: Injector, Inject.Carrier == Carrier {
        guard let trace = context[TraceContextKey.self] else { return }
        injector.inject(trace.traceparent, forKey: "traceparent", into: &carrier)
    }
}

extension Logger.MetadataProvider {
    /// `trace_id` and `span_id` of the current trace context in every log line.
    public static let traceContext = Logger.MetadataProvider {
        guard let trace = InstrumentationContext.current?[TraceContextKey.self] else { return [:] }
        return ["trace_id": "\(trace.traceID)", "span_id": "\(trace.spanID)"]
    }
}
