public import Instrumentation

/// Reads propagated context (such as W3C `traceparent`) from a call's metadata.
public struct RPCMetadataExtractor: Extractor {
    public init() {}
    public func extract(key: String, from carrier: RPCMetadata) -> String? { carrier[key] }
}

/// Writes propagated context into a call's metadata.
public struct RPCMetadataInjector: Injector {
    public init() {}
    public func inject(_ value: String, forKey key: String, into carrier: inout RPCMetadata) {
        carrier[key] = value
    }
}
