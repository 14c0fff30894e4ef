import Foundation
import LabCore

/// Where a workspace keeps its state: `<home>/artifacts` (the content-addressed store) and
/// `<home>/experiments` (the ledger and one folder per run).
///
///     artifacts/<key>/            a published step: its outputs plus lab-step.json
///     artifacts/.tmp/<key>.<pid>.<random>/   a step being computed (only while its key lock is held)
///     artifacts/.locks/<key>.lock            per-key lock files (flock), never deleted while in use
///     artifacts/.damaged/<key>.<time>.<pid>/ a damaged artifact moved aside before recomputing
///     experiments/run-N/logs/<step>.log      every executed step's log, kept even when it fails
public struct Workspace: Sendable {
    public let home: URL
    /// `artifacts/` as a plain path: cache checks build paths per step, and appending to a
    /// Foundation URL costs more than the check itself in a 10,000-variant rerun.
    public let artifactsPath: String
    public let artifactsDirectory: URL

    public init(home: URL) {
        self.home = home.standardizedFileURL
        artifactsDirectory = self.home.appendingPathComponent("artifacts", isDirectory: true)
        artifactsPath = artifactsDirectory.path
    }

    /// A bare store (`--store DIR`, an export's `artifacts/`): `DIR` itself holds `<key>/`,
    /// `.tmp/`, `.locks/` and `.damaged/`, as `artifacts/` does in a workspace. It has no
    /// experiments: only its store paths are used.
    public init(storeDirectory: URL) {
        artifactsDirectory = storeDirectory.standardizedFileURL
        home = artifactsDirectory.deletingLastPathComponent()
        artifactsPath = artifactsDirectory.path
    }
    public var experimentsDirectory: URL { home.appendingPathComponent("experiments", isDirectory: true) }
    public var temporaryDirectory: URL { artifactsDirectory.appendingPathComponent(".tmp", isDirectory: true) }
    public var locksDirectory: URL { artifactsDirectory.appendingPathComponent(".locks", isDirectory: true) }
    /// Damaged artifacts moved aside (`<key>.<UTC time>.<pid>`), kept for inspection.
    public var damagedDirectory: URL { artifactsDirectory.appendingPathComponent(".damaged", isDirectory: true) }

    public func artifactDirectory(key: String) -> URL {
        artifactsDirectory.appendingPathComponent(key, isDirectory: true)
    }

    /// `artifactDirectory(key:)` as a plain path.
    public func artifactPath(key: String) -> String { artifactsPath + "/" + key }

    /// The artifact folder as recorded in the ledger: relative to the home.
    public func relativeArtifactPath(key: String) -> String { "artifacts/" + key }

    public func lockFile(key: String) -> URL { locksDirectory.appendingPathComponent(key + ".lock") }

    public func runDirectory(runID: Int) -> URL {
        experimentsDirectory.appendingPathComponent("run-\(runID)", isDirectory: true)
    }

    /// `experiments/run-N/logs/<step>.log`, the step id made safe as a file name.
    public func logFile(runID: Int, stepID: String) -> URL {
        runDirectory(runID: runID).appendingPathComponent("logs", isDirectory: true)
            .appendingPathComponent(Workspace.fileName(for: stepID) + ".log")
    }

    /// A step id as a file name: letters, digits and `-_.=,()[]+` kept, anything else `_`.
    /// A name that had to change gets a short hash of the id (`a[k=x_y]-3f2a9c1b`), so that
    /// `x/y` and `x_y` never share a log.
    public static func fileName(for stepID: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.=,()[]+")
        var name = String(stepID.map { allowed.contains($0) ? $0 : "_" })
        if name.hasPrefix(".") { name = "_" + name.dropFirst() }
        guard name != stepID || name.count > 200 else { return name }
        return String(name.prefix(200)) + "-" + String(SHA256.hex(Array(stepID.utf8)).prefix(8))
    }
}
