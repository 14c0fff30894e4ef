import Foundation
import LabCore

/// List values of `env` (a gathered sweep's artifact folders) also reach the command as a file,
/// one item per line, named by `NAME_FILE`; `NAME` holds the text only up to `inlineLimit`
/// bytes. Linux refuses one environment string over 128 KiB ("Argument list too long"), which
/// a gather over about 1,300 variants exceeds. The files live outside the artifact and are
/// removed when the step ends.
final class ShellListFiles {
    /// Bytes of list text still passed inline (exported to the command as LAB_LIST_LIMIT).
    static let inlineLimit = 65_536

    private var directory: URL?

    /// Moves list values of `environment` into files as described above.
    func apply(env: [String: Value], to environment: inout [String: String]) throws {
        for (name, value) in env.sorted(by: { $0.key < $1.key }) {
            guard case .array = value, let text = environment[name] else { continue }
            let file = try folder().appendingPathComponent(name)
            do { try Data((text.isEmpty ? "" : text + "\n").utf8).write(to: file) } catch {
                throw OperationError.failed("cannot write the list file for env '\(name)': \(error.localizedDescription)")
            }
            environment[name + "_FILE"] = file.path
            if text.utf8.count > Self.inlineLimit { environment[name] = nil }
        }
        environment["LAB_LIST_LIMIT"] = String(Self.inlineLimit)
    }

    func remove() {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    private func folder() throws -> URL {
        if let directory { return directory }
        let made = FileManager.default.temporaryDirectory.appendingPathComponent("lab-lists-\(UUID().uuidString)")
        do { try FileManager.default.createDirectory(at: made, withIntermediateDirectories: true) } catch {
            throw OperationError.failed("cannot create a folder for list files: \(error.localizedDescription)")
        }
        directory = made
        return made
    }
}
