import AuthService
import CEORPC
import Foundation
import Testing

@Suite("AuthService's domain errors at the RPC boundary")
struct DomainErrorTests {
    @Test("each refusal converts to its status and message, and stays the status's cause")
    func statusTable() {
        let cases: [(any RPCErrorConvertible, RPCStatusCode)] = [
            (AccountError.userGone, .unauthenticated),
            (AccountError.accountDisabled, .permissionDenied),
            (AccountError.adminsOnly, .permissionDenied),
            (AccountError.noSuchUser(id: "u1"), .notFound),
            (AccountError.emailTaken, .alreadyExists),
            (AccountError.apiKeyLimitReached(limit: 3), .resourceExhausted),
            (AccountError.noSuchAPIKey(id: "k1"), .notFound),
            (AccountError.apiKeyManagedWithAPIKey, .permissionDenied),
            (SignInError.lockedOut(retryAfterSeconds: 30), .resourceExhausted),
            (SignInError.wrongEmailOrPassword, .unauthenticated),
            (SignInError.accountDisabled, .permissionDenied),
            (SignInError.notARefreshToken(expectedPrefix: "ceor_"), .invalidArgument),
            (SignInError.refreshTokenReused, .unauthenticated),
            (SignInError.notAnAPIKey, .unauthenticated),
            (SignInError.apiKeyExpired(at: Date(timeIntervalSince1970: 0)), .unauthenticated),
            (SignInError.apiKeyAccountDisabled, .permissionDenied),
        ]
        for (error, code) in cases {
            let status = error.rpcError
            #expect(status.code == code, "\(error)")
            #expect(status.message == "\(error)")
            #expect(status.cause.map { "\($0)" } == "\(error)")
        }
        #expect(SignInError.lockedOut(retryAfterSeconds: 30).rpcError.trailers["retry-after"] == "30")
        #expect(AccountError.emailTaken.rpcError.details.map(\.field) == ["email"])
    }
}
