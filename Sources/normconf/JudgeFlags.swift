import ArgumentParser
import Corpus
import Foundation
import Harness
import NormalizationReference
import Playback

/// Options shared by `run` and `check`: selection, expectations, tolerances and reports.
struct JudgeFlags: ParsableArguments {
    @OptionGroup var selectionOptions: SelectionOptions

    @Option(help: "Known deviations: lines 'case-id xfail|skip  # reason'.")
    var expectations: String?

    @Option(help: "Relative tolerance times the computation's magnitude (default 4 unit roundoffs of the dtype).")
    var rtol: Double?

    @Option(help: "Absolute tolerance added to every element's bound (default 0).")
    var atol: Double?

    @Option(name: .customLong("max-ulp"), help: "Elements within this many ulps of the dtype pass regardless (default 2).")
    var maxULP: Double?

    @Flag(help: "Also judge cases whose values are not exact in the implementation's dtype.")
    var includeInexact = false

    @Flag(help: "Fail errors raised at an earlier step than Keras raises them.")
    var strictStages = false

    @Option(help: "Seconds an in-process case may run before it is abandoned as a timeout (default 60).")
    var caseTimeout: Double = 60

    @Option(help: "Report on standard output as text or json.")
    var format: ReportFormat = .text

    @Option(help: "Also write the JSON report to this file.")
    var json: String?

    @Option(help: "Also write a JUnit XML report to this file.")
    var junit: String?

    @Flag(name: .shortAndLong, help: "Show the worst element of passing cases too.")
    var verbose = false

    enum ReportFormat: String, ExpressibleByArgument { case text, json }

    func validate() throws {
        for (flag, value) in [("--rtol", rtol), ("--atol", atol), ("--max-ulp", maxULP)] {
            if let value, !(value >= 0 && value.isFinite) { throw ValidationError("\(flag) must be a finite number >= 0") }
        }
        guard caseTimeout > 0, caseTimeout.isFinite else { throw ValidationError("--case-timeout must be a positive number of seconds") }
    }

    var selection: Selection { selectionOptions.selection }

    func judgeOptions(for dtype: ComputeType) -> JudgeOptions {
        var tolerance = Tolerance.defaults(for: dtype)
        if let rtol { tolerance.rtol = rtol }
        if let atol { tolerance.atol = atol }
        if let maxULP { tolerance.maxULP = maxULP }
        return JudgeOptions(tolerance: tolerance, includeInexact: includeInexact, strictStages: strictStages, caseTimeout: caseTimeout)
    }

    func loadExpectations() throws -> ExpectationsFile {
        guard let expectations else { return ExpectationsFile() }
        guard let data = FileManager.default.contents(atPath: expectations) else {
            throw CommandFailure.cannotRead(path: expectations, what: "the expectations file")
        }
        do {
            return try ExpectationsFile(parsing: String(decoding: data, as: UTF8.self), file: expectations)
        } catch {
            throw CommandFailure.unusableFile("\(error)")
        }
    }

    /// Adds the warnings every run owes its user, prints the report, writes the extra
    /// report files, and ends with the run's exit code.
    func finish(_ report: RunReport, expectations: ExpectationsFile, unknownEntries: [String]) throws {
        var report = report
        report.warnings += unknownEntries.map { "the expectations file names an unknown case: \($0)" }
        report.warnings += report.verdicts.filter { $0.outcome == .xpass }.map { "\($0.id) is listed as xfail but conforms" }
        print(format == .json ? JSONReport.render(report) : TextReport.render(report, verbose: verbose), terminator: "")
        // Each file's text is rendered only when asked for: the JSON of the whole corpus is a
        // few percent of a run.
        let files: [(path: String?, render: (RunReport) -> String)] = [(json, JSONReport.render), (junit, JUnitReport.render)]
        for (path, render) in files {
            guard let path else { continue }
            do { try render(report).write(toFile: path, atomically: true, encoding: .utf8) } catch {
                throw CommandFailure.cannotWrite(path: path, reason: error.localizedDescription)
            }
        }
        if report.commandFailure != nil { throw CommandFailure.reportedBadInput }
        if !report.conforms { throw CommandFailure.reportedFailures }
    }
}
