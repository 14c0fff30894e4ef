internal import YAML

/// Where the references of a scalar node are, as marks in the file.
struct ScalarTemplate {
    var template: Template
    var node: YAMLNode

    /// The template of a scalar node; nil when it has no `${`.
    static func of(_ node: YAMLNode, file: String) throws(RecipeError) -> ScalarTemplate? {
        guard let text = node.scalarText else { return nil }
        do throws(TemplateError) {
            return try Template.parse(text).map { ScalarTemplate(template: $0, node: node) }
        } catch {
            throw RecipeError(file: file, mark: mark(of: error.offset, in: node), error.message)
        }
    }

    func mark(of offset: Int) -> Mark { Self.mark(of: offset, in: node) }

    /// The mark of a character of a plain one-line scalar; the scalar's own mark otherwise
    /// (quotes, escapes and folding make other offsets unreliable).
    static func mark(of offset: Int, in node: YAMLNode) -> Mark {
        guard node.isPlainScalar, let text = node.scalarText, !text.contains("\n") else { return node.mark }
        return Mark(line: node.mark.line, column: node.mark.column + offset)
    }
}
