import CEOAuthTokens
@testable import Edge
import Foundation
import HTTPTypes
import Testing

@Suite("Request ids the edge makes")
struct RequestIDTests {
    @Test("a new request id is a lowercase version-4 UUID, different every time")
    func newIDs() {
        let ids = (0..<1_000).map { _ in RequestIDMiddleware.newID() }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            let uuid = UUID(uuidString: id)
            #expect(uuid != nil && id == id.lowercased() && id.count == 36, "\(id)")
            #expect(Array(id)[14] == "4" && "89ab".contains(Array(id)[19]), "\(id)")
            #expect(RequestIDMiddleware.isValid(id))
        }
    }
}

@Suite("Edge: the bearer scheme of the Authorization header")
struct BearerTokenTests {
    @Test("the token after 'Bearer' in any case and leading spaces; anything else is refused")
    func bearer() {
        #expect(EdgeAuthenticator.bearerToken(in: "Bearer abc.def.ghi") == "abc.def.ghi")
        #expect(EdgeAuthenticator.bearerToken(in: "bearer abc") == "abc")
        #expect(EdgeAuthenticator.bearerToken(in: "  BEARER abc") == "abc")
        #expect(EdgeAuthenticator.bearerToken(in: "Bearer  abc") == " abc")  // kept whole: verification refuses it
        for refused in ["Bearer", "Bearer ", "Basic abc", "Bearerabc", "", "   ", "Béarer abc", "Bearex abc", "Bearer\u{2}abc", "bEaReR"] {
            #expect(EdgeAuthenticator.bearerToken(in: refused) == nil, "\(refused.debugDescription)")
        }
    }

    @Test("an Authorization header that is not a bearer token is refused as UNAUTHENTICATED, saying what the header must be; a refused token's reason is passed on")
    func refusals() throws {
        #expect(try EdgeAuthenticator.requiredBearerToken(in: "Bearer abc") == "abc")
        let error = try #require(throws: EdgeError.self) { try EdgeAuthenticator.requiredBearerToken(in: "Basic dXNlcjpwdw==") }
        #expect(error.code == .unauthenticated && error.message == "the Authorization header must be 'Bearer <access token>'")
        let refusal = EdgeAuthenticator.refusal(AccessTokenRejection(.expired, "the token expired at 2026-12-03T10:00:00Z"))
        #expect(refusal.code == .unauthenticated && refusal.message == "access token rejected: the token expired at 2026-12-03T10:00:00Z")
    }
}

@Suite("Edge: reading a request's header fields")
struct HeaderFieldLookupTests {
    @Test("a field's value is the field's own when it occurs once, the values joined as HTTPFields joins them when it occurs several times, nil when absent")
    func value() {
        var fields: HTTPFields = [.authorization: "Bearer one"]
        #expect(fields.value(of: .authorization) == "Bearer one")
        #expect(fields.value(of: .cookie) == nil)
        fields.append(HTTPField(name: .authorization, value: "Bearer two"))
        #expect(fields.value(of: .authorization) == "Bearer one, Bearer two" && fields.value(of: .authorization) == fields[.authorization])
        // Two credentials read as one token, which verification refuses.
        #expect(EdgeAuthenticator.bearerToken(in: fields.value(of: .authorization)!) == "one, Bearer two")
    }
}
