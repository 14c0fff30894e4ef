import Foundation
import LabCore

/// The output of a `score` step, per target token of the train split's rows (see `TokenRows`):
///
/// | file | (N, T) float32, little-endian, row-major |
/// |---|---|
/// | `long_loss.f32` | lL_t = −log p(x_t \| full row), from the long model; 0 without one |
/// | `short_loss.f32` | lS_t = −log p(x_t \| sliding short window), from the short model, first window included |
/// | `gap.f32` | d_t = lL_t − lS_t; 0 where not scored |
/// | `scored.f32` | 1 where d_t is measured: real targets, when there is a long model; else 0 |
/// | `valid.f32` | 1 for real targets, 0 for padding |
/// | `long_range.f32` | ground-truth long-range distance in tokens (0: short-range) |
///
/// `scores.json` (`ScoresHeader`) gives N, T, the window, whether lL was measured and the file
/// names. Version 2: BOS-led windows, the first window scored, lL optional.
struct ScoresArtifact {
    static let headerFile = "scores.json"
    static let files = ["long_loss": "long_loss.f32", "short_loss": "short_loss.f32", "gap": "gap.f32",
                        "scored": "scored.f32", "valid": "valid.f32", "long_range": "long_range.f32"]

    var header: ScoresHeader
    /// Each (N, T).
    var longLoss: [Float]
    var shortLoss: [Float]
    var gap: [Float]
    var scored: [Float]
    var valid: [Float]
    var longRange: [Float]

    func save(to directory: URL) throws {
        let buffers = ["long_loss": longLoss, "short_loss": shortLoss, "gap": gap, "scored": scored,
                       "valid": valid, "long_range": longRange]
        for (key, values) in buffers.sorted(by: { $0.key < $1.key }) {
            try FloatFile.write(values, to: directory.appendingPathComponent(Self.files[key]!))
        }
        try JSONFile.write(header, to: directory.appendingPathComponent(Self.headerFile))
    }

    static func load(from directory: URL, parameter: String) throws -> ScoresArtifact {
        let header = try JSONFile.read(ScoresHeader.self, from: directory.appendingPathComponent(headerFile),
                                       parameter: parameter, what: "the output of a score step")
        guard header.format == ScoresHeader.formatName, header.version == ScoresHeader.currentVersion else {
            throw OperationError.badParameter(parameter, "scores format \(header.format) v\(header.version), expected \(ScoresHeader.formatName) v\(ScoresHeader.currentVersion)")
        }
        let n = header.sequences * header.length
        func read(_ key: String) throws -> [Float] {
            try FloatFile.read(directory.appendingPathComponent(files[key]!), count: n)
        }
        return ScoresArtifact(header: header, longLoss: try read("long_loss"), shortLoss: try read("short_loss"),
                              gap: try read("gap"), scored: try read("scored"), valid: try read("valid"),
                              longRange: try read("long_range"))
    }

    /// Row i's (T) slice of a buffer.
    func row<T>(_ buffer: [T], _ i: Int) -> [T] {
        Array(buffer[(i * header.length)..<((i + 1) * header.length)])
    }
}

struct ScoresHeader: Codable {
    static let formatName = "lab-scores"
    static let currentVersion = 2
    var format = ScoresHeader.formatName
    var version = ScoresHeader.currentVersion
    /// N: rows (train examples).
    var sequences: Int
    /// T: targets per row.
    var length: Int
    /// The short scorer's window and stride, in tokens.
    var short: Int
    var stride: Int
    /// Whether a long model measured lL (else `long_loss` and `gap` are zeros).
    var hasLongLoss: Bool
    var dtype = "float32-le"
    var layout = "(N, T) row-major; target t of row i is token t+1 of the row <|bos|> + example"
    var files = ScoresArtifact.files
}
