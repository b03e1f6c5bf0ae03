/// An error of a service's domain that knows the status it ends a call with.
///
/// Domain and storage code throw their own errors; a service states their statuses once,
/// in one table (a conformance in its RPC layer), and the server ends a call whose
/// handler throws such an error with ``rpcError``. Other errors that are not an
/// ``RPCError`` end the call with INTERNAL.
public protocol RPCErrorConvertible: Error {
    /// The status the error ends a call with; its ``RPCError/cause`` should be the error.
    var rpcError: RPCError { get }
}

extension RPCError {
    /// `error` as a call's status: itself when it is an ``RPCError``, its conversion when
    /// it is ``RPCErrorConvertible``, nil otherwise.
    public init?(converting error: any Error) {
        switch error {
        case let error as RPCError: self = error
        case let error as any RPCErrorConvertible: self = error.rpcError
        default: return nil
        }
    }
}
