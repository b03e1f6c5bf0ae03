import Foundation
public import Instrumentation
public import Logging

/// A W3C trace context (`traceparent: 00-<trace id>-<span id>-<flags>`): the trace a
/// piece of work belongs to, and this hop's span in it.
public struct TraceContext: Sendable, Equatable {
    /// 32 lowercase hex digits, never all zero.
    public let traceID: String
    /// 16 lowercase hex digits: this hop's span.
    public let spanID: String
    public let sampled: Bool

    /// A new trace, with its first span.
    public static func newTrace() -> TraceContext {
        TraceContext(traceID: RandomIdentifiers.hex(16), spanID: RandomIdentifiers.hex(8), sampled: true)
    }

    /// A `traceparent` value, or nil when it is malformed (version 00, or a later one
    /// read as 00 as the W3C spec asks).
    public init?(traceparent: String) {
        let parts = traceparent.trimmingCharacters(in: .whitespaces).lowercased().split(separator: "-")
        guard parts.count >= 4, parts[0].count == 2, parts[0] != "ff", parts[1].count == 32, parts[2].count == 16, parts[3].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isHexDigit) }),
              parts[1] != String(repeating: "0", count: 32), parts[2] != String(repeating: "0", count: 16),
              parts[0] != "00" || parts.count == 4,
              let flags = UInt8(parts[3], radix: 16) else { return nil }
        self.init(traceID: String(parts[1]), spanID: String(parts[2]), sampled: flags & 1 == 1)
    }

    public init(traceID: String, spanID: String, sampled: Bool) {
        self.traceID = traceID
        self.spanID = spanID
        self.sampled = sampled
    }

    /// The same trace, with a new span for this hop.
    public func child() -> TraceContext {
        TraceContext(traceID: traceID, spanID: RandomIdentifiers.hex(8), sampled: sampled)
    }

    public var traceparent: String { "00-\(traceID)-\(spanID)-\(sampled ? "01" : "00")" }
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
