import ArgumentParser
import Foundation

/// A failure the CLI reports as one line on standard error with a meaningful exit code.
struct CommandFailure: Error {
    let status: ExitCode
    let message: String
}

extension Normconf {
    /// Parses and runs a subcommand, mapping every failure to normconf's exit codes:
    /// a `CommandFailure` to its own status, argument-parser usage errors to 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data("normconf: \(failure.message)\n".utf8))
            Foundation.exit(failure.status.rawValue)
        } catch {
            let code = exitCode(for: error)
            guard code == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(ExitStatus.usage.rawValue)
        }
    }
}
