public import Logging

/// What a process is deployed as (`CEO_PROFILE`): `development` (the default: the
/// development PKI, plain HTTP and report-only CSP allowed), `staging` (the same, each
/// shortcut logged as a warning), or `production` (every shortcut refused at start).
public enum DeploymentProfile: String, Sendable, CaseIterable {
    case development, staging, production

    /// The profile `CEO_PROFILE` names; an unknown name is an error naming the setting.
    public init(environment: [String: String]) throws {
        let name = environment["CEO_PROFILE"].flatMap { $0.isEmpty ? nil : $0.lowercased() } ?? "development"
        guard let profile = DeploymentProfile(rawValue: name) else {
            throw ServiceSettingsError("CEO_PROFILE must be development, staging or production, got '\(name.prefix(40))'")
        }
        self = profile
    }
}

/// The shortcuts a process is about to take that production does not allow.
public struct ProfileReview: Sendable {
    public private(set) var problems: [String] = []

    public init() {}

    /// Records `problem` unless `allowed` holds.
    public mutating func require(_ allowed: Bool, _ problem: @autoclosure () -> String) {
        if !allowed { problems.append(problem()) }
    }

    public mutating func merge(_ other: ProfileReview) {
        problems += other.problems
    }

    /// Production: throws, naming every problem. Staging: logs each as a warning.
    public func enforce(_ profile: DeploymentProfile, logger: Logger) throws {
        guard !problems.isEmpty else { return }
        switch profile {
        case .production:
            throw ServiceSettingsError("the production profile refuses to start:\n- " + problems.joined(separator: "\n- "))
        case .staging:
            for problem in problems { logger.warning("not allowed in production: \(problem)") }
        case .development:
            break
        }
    }
}
