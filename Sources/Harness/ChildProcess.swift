import Corpus
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program in its own process group, with its output in files and a time limit
/// that ends the whole group: how the harness runs an implementation command and reads
/// untrusted files, so that a crash or a hang there never takes the harness down.
public enum ChildProcess {
    public enum Termination: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)
        case timedOut(seconds: Double)
        case couldNotStart(String)

        public var description: String {
            switch self {
            case .exited(let code): "exited with status \(code)"
            case .signalled(let signal): "was killed by signal \(signal) (\(String(cString: strsignal(signal))))"
            case .timedOut(let seconds): "did not finish within \(seconds) s; its process group was killed"
            case .couldNotStart(let reason): "could not start: \(reason)"
            }
        }
    }

    /// Runs `arguments[0]` with `arguments`, stdin from /dev/null, stdout and stderr to the
    /// given files, in a new process group; after `timeout` seconds the group gets SIGTERM,
    /// then SIGKILL two seconds later. When the command ends, so does anything it left
    /// running in its group.
    public static func run(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
                           stdout: String, stderr: String, timeout: Double) -> Termination {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // Nothing else crosses over: an inherited descriptor would carry this process's
        // open files — and HDF5's flock on them — into the child for its whole life, so a
        // file another thread has just closed would stay locked. (glibc ignores a close of
        // a descriptor that is no longer open by then.)
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap { Int32($0) } ?? []
        for descriptor in open where descriptor > 2 { posix_spawn_file_actions_addclose(&actions, descriptor) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard status == 0 else { return .couldNotStart("\(arguments[0]): \(String(cString: strerror(status)))") }

        let deadline = Date().addingTimeInterval(timeout)
        var killedAt: Date?
        while true {
            var wait: Int32 = 0
            let done = waitpid(pid, &wait, WNOHANG)
            if done == pid {
                // Whatever the command left running in its group ends with it.
                kill(-pid, SIGKILL)
                if let _ = killedAt { return .timedOut(seconds: timeout) }
                // WIFEXITED / WTERMSIG, spelled out: Swift does not import the macros.
                let signal = wait & 0x7f
                return signal == 0 ? .exited((wait >> 8) & 0xff) : .signalled(signal)
            }
            if done < 0, errno != EINTR { return .couldNotStart("waitpid: \(String(cString: strerror(errno)))") }
            let now = Date()
            if killedAt == nil, now >= deadline {
                kill(-pid, SIGTERM)
                killedAt = now
            } else if let killedAt, now.timeIntervalSince(killedAt) > 2 {
                kill(-pid, SIGKILL)
            }
            usleep(10_000)
        }
    }

    /// The last `limit` bytes of a file, for reporting what a failed command printed.
    public static func tail(of path: String, limit: Int = 2000) -> String {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return "" }
        // What a command printed may hold terminal control sequences: escaped before it is shown.
        return PrintableText.clean(String(decoding: data.suffix(limit), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
