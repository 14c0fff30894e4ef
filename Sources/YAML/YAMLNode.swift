/// One node of a YAML document, with the mark where it starts.
///
/// Mappings keep document order and reject duplicate keys; aliases are already expanded into
/// the anchored node (Swift shares the storage, so expansion costs no copy).
public indirect enum YAMLNode: Sendable {
    case scalar(String, ScalarStyle, Mark)
    case sequence([YAMLNode], Mark)
    case mapping([(key: YAMLNode, value: YAMLNode)], Mark)
}

extension YAMLNode {
    public var mark: Mark {
        switch self {
        case .scalar(_, _, let mark), .sequence(_, let mark), .mapping(_, let mark): return mark
        }
    }

    /// The text of a scalar; nil for collections.
    public var scalarText: String? {
        if case .scalar(let text, _, _) = self { return text }
        return nil
    }

    public var isPlainScalar: Bool {
        if case .scalar(_, let style, _) = self { return style.isPlain }
        return false
    }

    public var sequenceItems: [YAMLNode]? {
        if case .sequence(let items, _) = self { return items }
        return nil
    }

    public var mappingPairs: [(key: YAMLNode, value: YAMLNode)]? {
        if case .mapping(let pairs, _) = self { return pairs }
        return nil
    }

    /// The value of the first pair whose key is the scalar `key`.
    public subscript(key: String) -> YAMLNode? {
        mappingPairs?.first { $0.key.scalarText == key }?.value
    }

    /// The scalar typed by the YAML 1.2 core schema (plain) or as a string (quoted, block).
    public var typedScalar: YAMLScalar? {
        if case .scalar(let text, let style, _) = self { return YAMLScalar.resolve(text, style: style) }
        return nil
    }

    /// "a scalar", "a list", "a mapping": for messages.
    public var kindDescription: String {
        switch self {
        case .scalar: return "a scalar"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    /// A one-line flow rendering (`{a: [1, 'x']}`), for tests and messages.
    public var compactDescription: String {
        switch self {
        case .scalar(let text, let style, _):
            return style.isPlain ? text : "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
        case .sequence(let items, _):
            return "[" + items.map(\.compactDescription).joined(separator: ", ") + "]"
        case .mapping(let pairs, _):
            return "{" + pairs.map { "\($0.key.compactDescription): \($0.value.compactDescription)" }
                .joined(separator: ", ") + "}"
        }
    }
}
