import LabCore

/// The registry of built-in operations (`op:` names in recipes).
enum BuiltinOperations {
    static let all: [any Operation] = []

    static var byName: [String: any Operation] {
        Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }
}
