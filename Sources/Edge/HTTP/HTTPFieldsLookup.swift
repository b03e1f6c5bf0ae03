import HTTPTypes

extension HTTPFields {
    /// The value of the field `name`, as `self[name]` gives it, without making a new string
    /// when the field occurs once (the usual case; `self[name]` always joins the values
    /// into a new one): a bearer token is hundreds of bytes, read on every request.
    func value(of name: HTTPField.Name) -> String? {
        var found: String?
        for field in self where field.name == name {
            // Several: joined, as `self[name]` would.
            guard found == nil else { return self[name] }
            found = field.value
        }
        return found
    }
}
