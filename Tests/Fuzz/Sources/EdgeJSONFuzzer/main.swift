// libFuzzer entry point for the edge's JSON request decoding: a request body's bytes.
//
// The bytes go through the checks every JSON route makes after the transport's
// (`JSONRequest.object(bytes:)`: UTF-8, nesting depth, JSON, an object, string lengths),
// then through each route's field reading: analyze and run creation, one agent's
// execution, registration and sign-in, API-key creation. The only refusal allowed is
// a 400 whose code says what kind of problem it is and whose details name fields the
// route has; whatever is accepted must make a request message that serializes.
//
// An input whose first byte is 0 is not a body itself: the rest builds one
// (`GeneratedBody`), so that well-formed bodies with hostile values are reached quickly.

import CEOAPI
import CEODomain
@testable import Edge
import Foundation
import SwiftProtobuf

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEdgeJSON(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
    let bytes = input.first == 0 ? GeneratedBody.make(from: input.dropFirst()) : input
    let object: [String: Any]
    do {
        object = try JSONRequest.object(bytes: bytes)
    } catch {
        expectRefusal(error, code: "invalid_json", fields: [])
        return 0
    }
    reading(["company_name", "industry", "location", "budget", "timeline", "objectives", "reserve_percent"]) {
        try CFORoutes.analyzeRequest(from: object)
    }
    reading(["company_name", "industry", "location", "budget", "timeline", "objectives", "reserve_percent", "task_description"]) {
        try OrchestrationRoutes.executeAgentRequest(agent: .legal, from: object)
    }
    reading(["email", "password", "display_name"]) {
        var fields = JSONFields(object)
        var request = RegisterRequest()
        request.email = fields.string("email") ?? ""
        request.password = fields.string("password") ?? ""
        request.displayName = fields.string("display_name", required: false) ?? ""
        try fields.validate()
        return request
    }
    reading(["name", "scopes", "expires_in_days"]) {
        var fields = JSONFields(object)
        var request = CreateApiKeyRequest()
        request.name = fields.string("name") ?? ""
        request.scopes = fields.strings("scopes") ?? []
        request.expiresInDays = Int32(clamping: fields.integer("expires_in_days", required: false) ?? 0)
        try fields.validate()
        return request
    }
    return 0
}

/// Runs one route's field reading: a request that serializes, or a 400 naming its fields.
func reading(_ fields: Set<String>, _ read: () throws -> some SwiftProtobuf.Message) {
    do {
        let request = try read()
        _ = try! request.serializedBytes() as [UInt8]
    } catch {
        expectRefusal(error, code: "invalid_request", fields: fields)
    }
}

/// The refusal is a 400 with the given code, details naming only the route's fields,
/// and a body that encodes.
func expectRefusal(_ error: any Error, code: String, fields: Set<String>) {
    guard let refusal = error as? EdgeError else { fatalError("refused with a non-HTTP error: \(error)") }
    precondition(refusal.status == .badRequest, "refused with \(refusal.status), not 400")
    precondition(refusal.code.name == code, "refused as \(refusal.code), not \(code)")
    precondition(!refusal.message.isEmpty, "a refusal without a message")
    for detail in refusal.details ?? [] {
        precondition(fields.contains(detail.field), "a refusal names '\(detail.field)', which the route does not have")
    }
    if !fields.isEmpty { precondition(!(refusal.details ?? []).isEmpty, "a field refusal names no field") }
    _ = try! JSONEncoder().encode(ErrorBody(error: refusal.code.name, message: refusal.message, details: refusal.details))
}
