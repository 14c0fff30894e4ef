import LabCore

/// The sweep values of one variant of a step, in order: inherited keys first (from the steps
/// it follows, in recipe order), then its own sweep keys in recipe order.
struct Variant {
    struct Entry {
        var key: String
        var value: Value
        /// How the value appears in ids: as written in the recipe for plain scalars.
        var text: String
    }

    var entries: [Entry] = []

    var keys: [String] { entries.map(\.key) }

    func value(_ key: String) -> Value? { entries.first { $0.key == key }?.value }

    /// True when every key both variants have holds the same value in both.
    func agrees(with other: Variant) -> Bool {
        entries.allSatisfy { entry in other.value(entry.key).map { $0 == entry.value } ?? true }
    }

    /// This variant plus the keys of `other` it does not have yet.
    func merged(with other: Variant) -> Variant {
        Variant(entries: entries + other.entries.filter { value($0.key) == nil })
    }

    /// `name` or `name[k=v,k2=v2]`.
    func id(for name: String) -> String {
        entries.isEmpty ? name : name + "[" + entries.map { "\($0.key)=\($0.text)" }.joined(separator: ",") + "]"
    }

    var pairs: [(key: String, value: Value)] { entries.map { ($0.key, $0.value) } }
}
