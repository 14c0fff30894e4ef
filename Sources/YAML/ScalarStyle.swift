/// How a scalar was written. Only plain scalars are typed (`12` is an integer, `'12'` a string).
public enum ScalarStyle: Sendable, Hashable {
    case plain
    case singleQuoted
    case doubleQuoted
    case literal   // `|` block
    case folded    // `>` block

    public var isPlain: Bool { self == .plain }
}
