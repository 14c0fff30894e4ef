/// Reads one YAML document into a `YAMLNode` tree with marks.
///
/// Our choices: an empty text (no document at all) reads as an empty mapping at 1:1; a second
/// document is an error; mapping keys must be scalars and must not repeat; aliases expand to
/// the anchored node, bounded by `YAMLLimits.maxNodes`; merge keys (`<<: *base`) are supported,
/// explicit keys win over merged ones; tags are ignored.
public enum YAMLReader {
    public static func parse(_ text: String, file: String, limits: YAMLLimits = .default) throws(YAMLError) -> YAMLNode {
        guard text.utf8.count <= limits.maxBytes else {
            throw YAMLError(file: file, mark: .start, "file is larger than \(limits.maxBytes) bytes")
        }
        let handle = try YAMLParserHandle(text: text, file: file)
        var builder = YAMLTreeBuilder(handle: handle, file: file, limits: limits)
        return try builder.readDocument()
    }
}
