/// A domain data file that is missing, not valid JSON, or breaks a rule; the message
/// names the file and, where there is one, the entry.
public struct DomainDataError: Error, CustomStringConvertible, Sendable {
    /// The data file, for example `agents.json`.
    public let file: String
    /// What is wrong, naming the entry.
    public let problem: String

    public init(file: String, _ problem: String) {
        self.file = file
        self.problem = problem
    }

    public var description: String { "\(file): \(problem)" }
}
