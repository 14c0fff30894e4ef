import LabCore
import Operations

/// The registry of built-in operations (`op:` names in recipes).
enum BuiltinOperations {
    static let all: [any LabCore.Operation] = [
        ShellOperation(),
        CorpusOperation(), TokenizerOperation(), TrainOperation(), ScoreOperation(), EvaluateOperation(),
        NIAHOperation(), RetrievalHeadsOperation(), HeadOverlapOperation(),
        QAEvalOperation(), RetrieveOperation(), SynthesiseOperation(),
    ]

    static var byName: [String: any LabCore.Operation] {
        Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }
}
