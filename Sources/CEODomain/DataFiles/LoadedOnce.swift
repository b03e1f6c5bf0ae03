/// A bundled data table, loaded once per process: the service's start-up check
/// (`bundled()`, which throws naming the file and the entry) and every later reader
/// (`standard`) share that one load.
struct LoadedOnce<Value: Sendable>: Sendable {
    private let result: Result<Value, DomainDataError>

    init(_ load: () throws(DomainDataError) -> Value) {
        result = Result(catching: load)
    }

    /// The table, or why it could not be loaded.
    func get() throws(DomainDataError) -> Value { try result.get() }

    /// The table; a service checks ``get()`` at start and refuses to run when it
    /// fails, so by the time this is read the table is known to load.
    func value(_ what: String) -> Value {
        switch result {
        case .success(let value): value
        case .failure(let error): preconditionFailure("\(what) is invalid: \(error)")
        }
    }
}
