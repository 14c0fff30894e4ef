/// A malformed `${…}`: the message and the character offset of its `$`.
struct TemplateError: Error {
    var offset: Int
    var message: String
}
