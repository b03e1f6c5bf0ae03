import Hummingbird

extension Request {
    /// Whether the request is for the JSON API (`/api/…`): never a page or a file of
    /// the web app, so it skips the file lookup and is answered with the API's
    /// content-security policy.
    var isForAPI: Bool {
        uri.path.hasPrefix("/api/")
    }
}
