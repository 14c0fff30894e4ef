#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `artifacts/` as an open folder descriptor, from which a pass over thousands of artifacts
/// (an all-cached rerun checks 10,000) names each file `<key>/<file>`: the kernel then walks
/// two path components per look, not the workspace's whole path. Without a descriptor
/// (`AT_FDCWD`), paths are the full ones.
public struct ArtifactsRoot: Sendable {
    let descriptor: Int32
    private let prefix: String

    /// Full paths, from the current folder's point of view.
    init(workspace: Workspace) {
        descriptor = AT_FDCWD
        prefix = workspace.artifactsPath + "/"
    }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
        prefix = ""
    }

    /// `relative` (under `artifacts/`) as this root names it.
    func path(_ relative: String) -> String { prefix + relative }

    /// Runs `body` with `artifacts/` open (or with full paths when it cannot be opened), then
    /// closes it.
    static func with<T>(_ workspace: Workspace, _ body: (ArtifactsRoot) throws -> T) rethrows -> T {
        let fd = open(workspace.artifactsPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return try body(ArtifactsRoot(workspace: workspace)) }
        defer { close(fd) }
        return try body(ArtifactsRoot(descriptor: fd))
    }
}
