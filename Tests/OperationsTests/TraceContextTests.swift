import CEORPC
import CEOServiceKit
import Instrumentation
import Testing

@Suite("W3C trace context")
struct TraceContextTests {
    @Test("traceparent: valid values parse; malformed ones (length, hex, all-zero ids, version ff) are refused")
    func parsing() throws {
        let trace = try #require(TraceContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        #expect(trace.traceID == "4bf92f3577b34da6a3ce929d0e0e4736" && trace.spanID == "00f067aa0ba902b7" && trace.sampled)
        #expect(trace.traceparent == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        #expect(TraceContext(traceparent: "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-00")?.sampled == false)
        for bad in ["", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                    "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                    "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"] {
            #expect(TraceContext(traceparent: bad) == nil, "\(bad)")
        }
        let child = trace.child()
        #expect(child.traceID == trace.traceID && child.spanID != trace.spanID && child.spanID.count == 16)
        // Read back in lowercase, whatever case it came in.
        #expect(TraceContext(traceparent: "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01")?.traceparent == trace.traceparent)
    }

    @Test("a new trace has 32 and 16 lowercase hex digits, not all zero, and each trace its own ids")
    func newTraces() throws {
        let lowercaseHex = Set("0123456789abcdef")
        var seen = Set<String>()
        for _ in 0..<200 {
            let trace = TraceContext.newTrace()
            #expect(trace.traceID.count == 32 && trace.spanID.count == 16 && trace.sampled)
            #expect(trace.traceID.allSatisfy(lowercaseHex.contains) && trace.spanID.allSatisfy(lowercaseHex.contains))
            #expect(TraceContext(traceparent: trace.traceparent) == trace)
            seen.insert(trace.traceID)
        }
        #expect(seen.count == 200)
    }

    @Test("the instrument continues an incoming trace with a new span, starts one otherwise, and injects this hop's span")
    func propagation() throws {
        let instrument = W3CTraceContextInstrument()
        var context = InstrumentationContext.topLevel
        instrument.extract(["traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"] as RPCMetadata, into: &context, using: RPCMetadataExtractor())
        let continued = try #require(context[TraceContextKey.self])
        #expect(continued.traceID == "4bf92f3577b34da6a3ce929d0e0e4736" && continued.spanID != "00f067aa0ba902b7")
        var outgoing = RPCMetadata()
        instrument.inject(context, into: &outgoing, using: RPCMetadataInjector())
        #expect(outgoing["traceparent"] == continued.traceparent)

        var fresh = InstrumentationContext.topLevel
        instrument.extract(["traceparent": "garbage"] as RPCMetadata, into: &fresh, using: RPCMetadataExtractor())
        let started = try #require(fresh[TraceContextKey.self])
        #expect(started.traceID.count == 32 && started.traceID != continued.traceID)
    }
}
