import ArgumentParser
import Foundation

/// Every way a normconf command fails, as data: the exit code and the one line on standard
/// error are decided here and nowhere else (exit codes: 1 conformance, 2 usage, 3 input).
enum CommandFailure: Error {
    /// `show ID` for an id the corpus does not have; `similar` are ids that share its theme.
    case unknownCase(id: String, corpus: String, similar: [String])
    /// A corpus, results or expectations file that cannot be used; the message names it.
    case unusableFile(String)
    case cannotRead(path: String, what: String)
    case cannotWrite(path: String, reason: String)
    /// The case catalog does not behave as it says (generate).
    case inconsistentCatalog(String)
    /// A regeneration that failed before replacing the committed files.
    case regenerationFailed(folder: String, reason: String)
    /// generate --check: the committed files are not what the generator writes.
    case notRegenerated(String)
    /// An eval document that is not JSON or not a script.
    case malformedDocument(source: String, reason: String)
    /// Outcomes the command has printed already: non-conforming cases or lint problems (1),
    /// a failed implementation command or a file lint could not open (3).
    case reportedFailures
    case reportedBadInput

    var status: ExitCode {
        switch self {
        case .notRegenerated, .reportedFailures: ExitCode(1)
        case .unknownCase, .malformedDocument: ExitCode(2)
        case .unusableFile, .cannotRead, .cannotWrite, .inconsistentCatalog, .regenerationFailed, .reportedBadInput: ExitCode(3)
        }
    }

    /// The line for standard error; nil when the command's output already said it.
    var message: String? {
        switch self {
        case .unknownCase(let id, let corpus, let similar):
            "no case '\(id)' in \(corpus)" + (similar.isEmpty ? "" : "; similar: \(similar.joined(separator: ", "))")
        case .unusableFile(let message): message
        case .cannotRead(let path, let what): "cannot read \(what) \(path)"
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        case .inconsistentCatalog(let reason): "the catalog is inconsistent: \(reason)"
        case .regenerationFailed(let folder, let reason): "writing \(folder) failed, committed files untouched: \(reason)"
        case .notRegenerated(let differences): differences
        case .malformedDocument(let source, let reason): "\(source): \(reason)"
        case .reportedFailures, .reportedBadInput: nil
        }
    }
}

extension Normconf {
    /// Parses and runs a subcommand, mapping every failure to normconf's exit codes:
    /// a `CommandFailure` to its own status and line, argument-parser usage errors to 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            if let message = failure.message { FileHandle.standardError.write(Data("normconf: \(message)\n".utf8)) }
            Foundation.exit(failure.status.rawValue)
        } catch {
            let code = exitCode(for: error)
            guard code == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(ExitCode(2).rawValue)
        }
    }
}
