import CEOAuthTokens
import CEORPC
import Testing

@Suite("Bearer credentials in call metadata")
struct BearerCredentialsTests {
    @Test("the token is read back from the metadata it was written to")
    func roundTrip() throws {
        #expect(try BearerCredentials.token(in: BearerCredentials.metadata("abc.def.ghi")) == "abc.def.ghi")
        #expect(try BearerCredentials.token(in: ["authorization": "bearer xyz"]) == "xyz")
    }

    @Test("missing or malformed credentials are UNAUTHENTICATED, saying what is expected", arguments: [
        [:], ["authorization": "Basic dXNlcg=="], ["authorization": "Bearer"], ["authorization": "Bearer "],
    ] as [RPCMetadata])
    func refused(metadata: RPCMetadata) {
        let error = #expect(throws: RPCError.self) { try BearerCredentials.token(in: metadata) }
        #expect(error?.code == .unauthenticated && error?.message.contains("Bearer <access token>") == true)
    }
}
