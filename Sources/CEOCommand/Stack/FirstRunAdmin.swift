import Foundation

/// The first admin of a local stack. On the first run (no AuthService database yet),
/// the stack makes one: with `CEO_BOOTSTRAP_ADMIN_EMAIL` and its password when they are
/// set, otherwise `admin@example.com` with a generated password that is printed once.
struct FirstRunAdmin: Sendable {
    let email: String
    /// Set when the stack generated the password (it is then shown once).
    let generatedPassword: String?

    /// The admin to make, or nil when this is not the first run.
    static func forStack(dataDirectory: URL, environment: [String: String]) -> FirstRunAdmin? {
        let database = dataDirectory.appendingPathComponent("auth").appendingPathComponent("auth.sqlite")
        guard !FileManager.default.fileExists(atPath: database.path) else { return nil }
        if let email = environment["CEO_BOOTSTRAP_ADMIN_EMAIL"], !email.isEmpty {
            return FirstRunAdmin(email: email, generatedPassword: nil)
        }
        return FirstRunAdmin(email: "admin@example.com", generatedPassword: generatePassword())
    }

    /// What the AuthService child needs in its environment to make the admin.
    var environment: [String: String] {
        guard let generatedPassword else { return [:] }
        return ["CEO_BOOTSTRAP_ADMIN_EMAIL": email, "CEO_BOOTSTRAP_ADMIN_PASSWORD": generatedPassword]
    }

    var announcement: String {
        if let generatedPassword {
            return """
                First run: sign in as the admin \(email) with the password \(generatedPassword)
                (shown this once; set CEO_BOOTSTRAP_ADMIN_EMAIL and CEO_BOOTSTRAP_ADMIN_PASSWORD to choose them instead).
                """
        }
        return "First run: the admin is \(email), with the password from CEO_BOOTSTRAP_ADMIN_PASSWORD."
    }

    /// 24 characters from an unambiguous alphabet, in groups: about 130 bits.
    static func generatePassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY346789")
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<24).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] }
        return stride(from: 0, to: 24, by: 6).map { String(characters[$0..<$0 + 6]) }.joined(separator: "-")
    }
}
