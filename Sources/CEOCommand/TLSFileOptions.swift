import ArgumentParser
import CEORPC

/// `--tls-cert`, `--tls-key`, `--tls-ca`: PEM files instead of the development PKI.
struct TLSFileOptions: ParsableArguments {
    @Option(help: "PEM certificate to present (default: the development PKI in the data folder).")
    var tlsCert: String?

    @Option(help: "PEM private key of --tls-cert.")
    var tlsKey: String?

    @Option(help: "PEM certificate of the CA that issues the services' certificates.")
    var tlsCA: String?

    func validate() throws {
        let given = [tlsCert, tlsKey, tlsCA].compactMap { $0 }.count
        guard given == 0 || given == 3 else {
            throw ValidationError("give all three of --tls-cert, --tls-key and --tls-ca, or none")
        }
    }

    /// The three paths when they were given.
    var paths: (certificate: String, privateKey: String, ca: String)? {
        guard let tlsCert, let tlsKey, let tlsCA else { return nil }
        return (tlsCert, tlsKey, tlsCA)
    }
}
