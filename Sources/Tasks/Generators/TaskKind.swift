/// The task names used in recipes (`task: kv-recall`).
public enum TaskKind: String, CaseIterable, Codable, Sendable {
    case filler
    case kvRecall = "kv-recall"
    case needle
    case multidocQA = "multidoc-qa"
    case text

    /// Keeps the streams of different tasks apart under one seed.
    var salt: UInt64 {
        switch self {
        case .filler: return 0x1000
        case .kvRecall: return 0x2000
        case .needle: return 0x3000
        case .multidocQA: return 0x4000
        case .text: return 0x5000
        }
    }
}
