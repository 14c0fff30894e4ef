import LabCore

/// What `lab fsck` compares the artifact folders with.
public struct RecordedArtifact: Sendable {
    public let key: String
    public let stepID: String
    /// The files recorded for the key, sorted by path.
    public let files: [ArtifactFile]
}

extension LedgerStore {
    /// SQLite's `PRAGMA integrity_check`: `["ok"]` for a sound file, else one line per problem.
    public func integrityCheck() throws -> [String] {
        try withConnection { db in try db.rows("PRAGMA integrity_check") { $0.text(0) } }
    }

    /// Every recorded result with its artifact files, by key.
    public func recordedArtifacts() throws -> [String: RecordedArtifact] {
        try withConnection { db in
            var stepIDs: [String: String] = [:]
            var files: [String: [ArtifactFile]] = [:]
            for (key, stepID) in try db.rows("SELECT key, step_id FROM results", [], { ($0.text(0), $0.text(1)) }) {
                stepIDs[key] = stepID
                files[key] = []
            }
            let rows = try db.rows("SELECT key, path, bytes, sha256 FROM artifacts ORDER BY key, path") {
                ($0.text(0), ArtifactFile(path: $0.text(1), bytes: Int64($0.int(2)), sha256: $0.text(3)))
            }
            for (key, file) in rows { files[key, default: []].append(file) }
            return stepIDs.reduce(into: [:]) { out, entry in
                out[entry.key] = RecordedArtifact(key: entry.key, stepID: entry.value, files: files[entry.key] ?? [])
            }
        }
    }
}
