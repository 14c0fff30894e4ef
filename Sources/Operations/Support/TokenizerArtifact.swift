import Foundation
import LabCore
import Tasks

/// The output of a `tokenizer` step: `tokenizer.json` (Tasks' byte-level BPE file).
enum TokenizerArtifact {
    static func load(from directory: URL, parameter: String) throws -> BPETokenizer {
        let url = directory.appendingPathComponent(BPETokenizer.fileName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw OperationError.badParameter(parameter, "not the output of a tokenizer step (no \(BPETokenizer.fileName) in \(directory.path))")
        }
        do { return try BPETokenizer.load(from: url) } catch {
            throw OperationError.badParameter(parameter, "\(error)")
        }
    }

    static func save(_ tokenizer: BPETokenizer, to directory: URL) throws {
        do { try tokenizer.save(to: directory.appendingPathComponent(BPETokenizer.fileName)) } catch {
            throw OperationError.failed("\(error)")
        }
    }
}
