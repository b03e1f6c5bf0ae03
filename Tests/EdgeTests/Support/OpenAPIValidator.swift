import Foundation

/// Checks JSON responses against the OpenAPI document's schemas: the subset of JSON
/// Schema the document uses ($ref, type, const, enum, properties, required,
/// additionalProperties, items).
struct OpenAPIValidator {
    let document: [String: Any]

    init(_ data: Data) throws {
        guard let document = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ValidationFailure("the document is not an object")
        }
        self.document = document
    }

    struct ValidationFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Problems of `body` as the response `status` of `method path` (the template, e.g.
    /// `/api/orchestrations/{id}`); a status the document does not list is a problem too.
    func problems(_ method: String, _ path: String, status: Int, body: String) -> [String] {
        guard let operation = ((document["paths"] as? [String: Any])?[path] as? [String: Any])?[method.lowercased()] as? [String: Any] else {
            return ["\(method) \(path) is not in the document"]
        }
        guard let response = (operation["responses"] as? [String: Any])?[String(status)] as? [String: Any] else {
            return ["\(method) \(path): status \(status) is not documented"]
        }
        guard let schema = ((response["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] else { return [] }
        guard let value = try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed]) else {
            return ["\(method) \(path) \(status): the body is not JSON"]
        }
        var problems: [String] = []
        check(value, against: schema, at: "$", problems: &problems)
        return problems.map { "\(method) \(path) \(status): \($0)" }
    }

    private func resolve(_ schema: Any) -> [String: Any] {
        guard let object = schema as? [String: Any] else { return [:] }
        guard let reference = object["$ref"] as? String, reference.hasPrefix("#/components/schemas/") else { return object }
        let name = String(reference.dropFirst("#/components/schemas/".count))
        return resolve(((document["components"] as? [String: Any])?["schemas"] as? [String: Any])?[name] ?? [:])
    }

    private func check(_ value: Any, against raw: Any, at path: String, problems: inout [String]) {
        let schema = resolve(raw)
        if let constant = schema["const"] {
            if !equal(value, constant) { problems.append("\(path) must be \(constant)") }
            return
        }
        if let options = schema["enum"] as? [Any] {
            if !options.contains(where: { equal(value, $0) }) { problems.append("\(path) = \(value) is not one of \(options)") }
            return
        }
        switch schema["type"] as? String {
        case "string": if !(value is String) { problems.append("\(path) must be a string") }
        case "boolean": if !isBoolean(value) { problems.append("\(path) must be a boolean") }
        case "integer":
            if isBoolean(value) || (value as? NSNumber).map({ $0.doubleValue != $0.doubleValue.rounded() }) ?? true { problems.append("\(path) must be an integer") }
        case "number": if isBoolean(value) || !(value is NSNumber) { problems.append("\(path) must be a number") }
        case "array":
            guard let array = value as? [Any] else { problems.append("\(path) must be an array"); return }
            if let items = schema["items"] { for (index, element) in array.enumerated() { check(element, against: items, at: "\(path)[\(index)]", problems: &problems) } }
        case "object":
            guard let object = value as? [String: Any] else { problems.append("\(path) must be an object"); return }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for name in schema["required"] as? [String] ?? [] where object[name] == nil { problems.append("\(path).\(name) is required") }
            for (name, element) in object {
                if let property = properties[name] {
                    check(element, against: property, at: "\(path).\(name)", problems: &problems)
                } else if let additional = schema["additionalProperties"] {
                    if let allowed = additional as? Bool {
                        if !allowed { problems.append("\(path).\(name) is not in the schema") }
                    } else {
                        check(element, against: additional, at: "\(path).\(name)", problems: &problems)
                    }
                }
            }
        default: break
        }
    }

    private func isBoolean(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    private func equal(_ a: Any, _ b: Any) -> Bool {
        if isBoolean(a) != isBoolean(b) { return false }
        if let a = a as? NSNumber, let b = b as? NSNumber { return a == b }
        if let a = a as? String, let b = b as? String { return a == b }
        return false
    }
}
