import Foundation
import LabCore
import Tasks

/// The output of a `corpus` step: `train/` and `eval/`, each a Tasks corpus directory
/// (`corpus.json` + `corpus.jsonl`, examples with their long-range annotations).
enum CorpusArtifact {
    static let trainDirectory = "train"
    static let evalDirectory = "eval"

    enum Split: String { case train, eval }

    static func save(train: Corpus, eval: Corpus, to directory: URL) throws {
        do {
            try train.save(to: directory.appendingPathComponent(trainDirectory))
            try eval.save(to: directory.appendingPathComponent(evalDirectory))
        } catch {
            throw OperationError.failed("cannot write the corpus: \(error)")
        }
    }

    /// One split of the corpus at `directory`; `parameter` names the step parameter in errors.
    static func load(_ split: Split, from directory: URL, parameter: String) throws -> Corpus {
        let sub = directory.appendingPathComponent(split == .train ? trainDirectory : evalDirectory)
        do {
            return try Corpus.load(from: sub)
        } catch {
            throw OperationError.badParameter(parameter, "not the output of a corpus step (\(error))")
        }
    }
}
