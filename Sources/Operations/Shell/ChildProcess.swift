import Foundation
import LabCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `/bin/sh -c COMMAND` child started with `posix_spawn` in its own process group (so that
/// cancelling kills the command and everything it started), with default signal actions
/// (lab ignores SIGINT itself), stdin from /dev/null, stdout and stderr into files, and no
/// descriptor of ours beyond those three.
final class ChildProcess: @unchecked Sendable {
    let pid: pid_t

    /// How the child ended, decoded from the wait status.
    enum Termination: Equatable {
        case exited(Int32)
        case signalled(Int32)
    }

    static let nulMessage = "contains a NUL byte (\\0), which no process can receive"

    init(command: String, directory: URL, environment: [String: String], stdout: URL, stderr: URL) throws(OperationError) {
        // C strings end at a NUL: refuse rather than run a silently shortened command.
        if command.contains("\0") { throw .failed("the command \(ChildProcess.nulMessage)") }
        for (name, value) in environment where name.contains("\0") || value.contains("\0") {
            throw .failed("environment variable \(name) \(ChildProcess.nulMessage)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if let closeFrom = SpawnExtensions.addCloseFrom { _ = closeFrom(&actions, 3) }
        var script = command
        if let chdir = SpawnExtensions.addChdir {
            guard chdir(&actions, directory.path) == 0 else { throw .failed("cannot set the working directory to \(directory.path)") }
        } else {
            // Without the glibc extension, the shell changes directory itself before the command.
            script = "cd \"$LAB_OUT\" || exit 126\n" + command
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT] { sigaddset(&defaults, s) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(script), nil]
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") }
        envp.append(nil)
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
        guard rc == 0 else { throw .failed("cannot start /bin/sh: \(String(cString: strerror(rc)))") }
        self.pid = pid
        StepProcessGroups.add(pid)   // a second Ctrl-C kills it before lab exits
    }

    /// Blocks until the child ends.
    func wait() -> Termination {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return .exited(-1) }   // not ours any more: treat as ended
        }
        StepProcessGroups.remove(pid)
        // Decoded by hand: the W* macros are not visible from Swift.
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }

    /// Sends `signal` to the child's whole process group.
    func signalGroup(_ signal: Int32) { kill(-pid, signal) }
}

/// glibc's posix_spawn extensions, looked up at run time: Swift's Glibc module does not
/// export them.
enum SpawnExtensions {
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np").map { unsafeBitCast($0, to: AddChdir.self) }
    static let addCloseFrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np").map { unsafeBitCast($0, to: AddCloseFrom.self) }

    private static func symbol(_ name: String) -> UnsafeMutableRawPointer? {
        guard let handle = dlopen(nil, RTLD_NOW) else { return nil }
        return dlsym(handle, name)
    }
}
