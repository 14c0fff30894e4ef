import Foundation

extension Corpus {
    /// Writes `corpus.jsonl` then `corpus.json` into `directory` (created if missing).
    public func save(to directory: URL) throws(TaskError) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .writeFailed(path: directory.path, reason: "\(error.localizedDescription)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var lines = Data()
        do {
            for example in examples {
                lines.append(try encoder.encode(example))
                lines.append(0x0A)
            }
        } catch {
            throw .writeFailed(path: directory.path, reason: "cannot encode an example: \(error)")
        }
        try writeAtomically(lines, to: directory.appendingPathComponent(Self.examplesFileName))
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let summaryData: Data
        do { summaryData = try encoder.encode(summary) } catch {
            throw .writeFailed(path: directory.path, reason: "cannot encode the summary: \(error)")
        }
        try writeAtomically(summaryData, to: directory.appendingPathComponent(Self.summaryFileName))
    }

    /// Reads a corpus written by `save(to:)`; missing files, bad JSON or a count that does not
    /// match the summary throw `TaskError.badCorpus`.
    public static func load(from directory: URL) throws(TaskError) -> Corpus {
        let summaryURL = directory.appendingPathComponent(summaryFileName)
        let examplesURL = directory.appendingPathComponent(examplesFileName)
        let decoder = JSONDecoder()
        let summary: CorpusSummary
        do {
            summary = try decoder.decode(CorpusSummary.self, from: try Data(contentsOf: summaryURL))
        } catch {
            throw .badCorpus(path: summaryURL.path, reason: "\(error)")
        }
        guard summary.format == CorpusSummary.currentFormat, summary.version == CorpusSummary.currentVersion else {
            throw .badCorpus(path: summaryURL.path,
                             reason: "format \(summary.format) version \(summary.version), expected \(CorpusSummary.currentFormat) version \(CorpusSummary.currentVersion)")
        }
        let data: Data
        do { data = try Data(contentsOf: examplesURL) } catch {
            throw .badCorpus(path: examplesURL.path, reason: "\(error.localizedDescription)")
        }
        var examples: [Example] = []
        var lineNumber = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: true) {
            lineNumber += 1
            do {
                examples.append(try decoder.decode(Example.self, from: Data(line)))
            } catch {
                throw .badCorpus(path: "\(examplesURL.path):\(lineNumber)", reason: "\(error)")
            }
        }
        guard examples.count == summary.count else {
            throw .badCorpus(path: directory.path,
                             reason: "summary says \(summary.count) examples, \(examplesFileName) has \(examples.count)")
        }
        return Corpus(spec: summary.spec, seed: summary.seed, examples: examples)
    }
}

/// Writes through a temporary file in the same directory and a rename, so a reader never sees
/// half a file.
func writeAtomically(_ data: Data, to url: URL) throws(TaskError) {
    do {
        try data.write(to: url, options: .atomic)
    } catch {
        throw .writeFailed(path: url.path, reason: "\(error.localizedDescription)")
    }
}
