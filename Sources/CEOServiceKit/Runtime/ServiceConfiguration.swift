/// A service's own settings as one typed value, the protocol every service follows:
/// parsed once at start from the process's settings (the environment over the settings
/// file), reviewed for the deployment profile from that value, then handed to the
/// service. Nothing parses the environment again after this.
public protocol ServiceConfiguration: Sendable {
    /// Parses every setting the service reads; an error names the setting.
    init(environment: [String: String]) throws

    /// What the production profile refuses (and staging warns about) in these settings.
    func review() -> ProfileReview
}
