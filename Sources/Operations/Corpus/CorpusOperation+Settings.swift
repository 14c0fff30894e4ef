import Foundation
import LabCore
import Tasks

extension CorpusOperation {
    /// The corpus parameters, checked, with the task spec they make.
    struct Settings {
        let sequences: Int
        let evalSequences: Int
        /// Tokens per example.
        let length: Int
        let spec: TaskSpec

        init(_ params: [String: Value]) throws {
            let p = ParamReader(params)
            let task = try p.string("task")
            guard let kind = TaskKind(rawValue: task) else {
                throw p.bad("task", "unknown task '\(task)'" + Suggestion.hint(for: task, among: TaskKind.allCases.map(\.rawValue))
                            + " (known: \(TaskKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            sequences = try p.int("sequences")
            evalSequences = try p.int("eval_sequences")
            length = try p.int("length")
            let charsPerToken = try p.double("chars_per_token")
            try p.require(sequences >= 1, "sequences", "must be at least 1, got \(sequences)")
            try p.require(evalSequences >= 0, "eval_sequences", "must be ≥ 0, got \(evalSequences)")
            try p.require(length >= 2, "length", "must be at least 2 tokens, got \(length)")
            try p.require(charsPerToken > 0 && charsPerToken <= 64, "chars_per_token", "must be in (0, 64], got \(charsPerToken)")
            // Saturates instead of trapping; the task's own range check then names the parameter.
            func characters(_ tokens: Int) -> Int { CheckedSize.clampedInt((Double(tokens) * charsPerToken).rounded(.up)) ?? .max }
            try Self.checkSize(sequences: sequences, evalSequences: evalSequences, characters: characters(length), length: length)

            var taskParams: [String: Value] = [:]
            for knob in CorpusOperation.knobs where p.isGiven(knob) {
                taskParams[knob] = params[knob]
            }
            if let tokens = taskParams["min_distance"]?.intValue {
                try p.require(tokens >= 0, "min_distance", "must be ≥ 0 tokens, got \(tokens)")
                taskParams["min_distance"] = .int(characters(tokens))
            }
            if kind == .kvRecall, !p.isGiven("min_distance") {
                let implied = KVRecallTask.Config().minDistance
                try p.require(characters(length) >= implied, "length",
                              "length \(length) tokens (\(characters(length)) characters) is shorter than kv-recall's default min_distance of \(implied) characters; raise 'length' or set 'min_distance' (in tokens)")
            }
            if kind == .text {
                guard p.isGiven("files") else { throw p.bad("files", "task 'text' needs `files` (a list of your UTF-8 files)") }
                taskParams["paths"] = params["files"]
                taskParams["chunk_characters"] = .int(characters(length))
            } else {
                if p.isGiven("files") { throw p.bad("files", "only task 'text' reads files (task is '\(task)')") }
                taskParams["length"] = .int(characters(length))
            }
            do {
                spec = try TaskSpec(task: task, parameters: taskParams)
            } catch {
                throw Self.operationError(error, p)
            }
        }

        /// The text of both splits must fit in memory (a lower bound: the generated text alone).
        static func checkSize(sequences: Int, evalSequences: Int, characters: Int, length: Int) throws {
            let examples = CheckedSize.sum(sequences, evalSequences) ?? .max
            let bytes = CheckedSize.saturatingProduct(examples, characters)
            let available = MemoryBudget.machineBytes
            guard bytes > available else { return }
            let knob = sequences >= length ? "sequences" : "length"
            throw OperationError.badParameter(knob, "corpus: \(examples) examples of \(length) tokens need \(bytes == .max ? "more than 8 EiB" : "at least " + CheckedSize.describeBytes(bytes)) of text; this machine has \(CheckedSize.describeBytes(available)) — lower 'sequences', 'eval_sequences' or 'length'")
        }

        /// A task error as a bad parameter under our recipe name.
        static func operationError(_ error: TaskError, _ p: ParamReader) -> OperationError {
            guard case .invalidConfig(let parameter, let reason) = error else { return p.bad("task", "\(error)") }
            let name = recipeName[parameter] ?? parameter
            let unit = ["min_distance", "length"].contains(name) ? " (in characters, from tokens × chars_per_token)" : ""
            return p.bad(name, reason + unit)
        }

        /// Task parameter names (as Tasks' errors spell them) → our recipe names.
        static let recipeName = ["minDistance": "min_distance", "valueDigits": "value_digits",
                                 "wordsPerClass": "words_per_class", "paths": "files",
                                 "chunkCharacters": "length", "chunk_characters": "length",
                                 "fillerSentences": "filler_sentences"]
    }
}
