import CorpusFile
import Foundation
import Harness
import JSONText
import NormalizationReference
import Testing

/// `normconf run` and `check` end to end: reports, selection, expectations, exit codes.
@Suite struct RunCommandTests {
    @Test func referenceConformsWithTextReport() throws {
        let run = normconfLimited(["run", "--corpus", Fixtures.corpus])
        #expect(run.termination == .exited(0), "\(run.stderr)")
        let count = try CorpusReader.read(Fixtures.corpus).cases.count
        #expect(run.stdout.split(separator: "\n").last == "\(count) passed, 0 failed")
    }

    @Test func jsonReportHasTheDocumentedFields() throws {
        let run = normconfLimited(["run", "--corpus", Fixtures.corpus, "--format", "json", "--level", "doc"])
        #expect(run.termination == .exited(0))
        let report = try JSONValue(parsing: run.stdout)
        #expect(report["schema"] == .string("normconf-report"))
        #expect(report["summary"]?["total"]?.integer == 21)
        #expect(report["summary"]?["passed"]?.integer == 21)
        #expect(report["summary"]?["failed"]?.integer == 0)
        guard case .array(let cases)? = report["cases"] else { Issue.record("no cases array"); return }
        #expect(cases.allSatisfy { $0["id"] != nil && $0["outcome"] == .string("pass") })
    }

    @Test func junitAndSelection() throws {
        let scratch = Fixtures.scratch()
        let junit = scratch + "/report.xml"
        let run = normconfLimited(["run", "--corpus", Fixtures.corpus, "--filter", "axis.*", "--tags", "error", "--junit", junit])
        #expect(run.termination == .exited(0))
        let xml = String(decoding: FileManager.default.contents(atPath: junit) ?? Data(), as: UTF8.self)
        #expect(xml.contains("<testsuite ") && xml.contains(#"name="axis.type-float""#) && !xml.contains("doc.invert"))
    }

    @Test func expectationsReportUnknownIdsAndXpasses() throws {
        let scratch = Fixtures.scratch()
        let file = scratch + "/expectations.txt"
        try "# known deviations\ndoc.invert xfail  # pretend\nno.such-case skip  # gone\n".write(toFile: file, atomically: true, encoding: .utf8)
        let run = normconfLimited(["run", "--corpus", Fixtures.corpus, "--expectations", file])
        #expect(run.termination == .exited(0))
        #expect(run.stdout.contains("XPASS") && run.stdout.contains("unknown case: no.such-case"))
        try "doc.invert sometimes  # what\n".write(toFile: file, atomically: true, encoding: .utf8)
        let bad = normconfLimited(["run", "--corpus", Fixtures.corpus, "--expectations", file])
        #expect(bad.termination == .exited(3) && bad.stderr.contains("expectations.txt:1"))
    }

    @Test(arguments: [["--level", "docs"], ["--timeout", "0"], ["--rtol", "-1"], ["--bogus"]])
    func usageErrorsExit2(arguments: [String]) {
        let run = normconfLimited(["run", "--corpus", Fixtures.corpus] + arguments)
        #expect(run.termination == .exited(2), "\(run.stderr)")
    }

    @Test func missingCorpusExits3WithOneLine() {
        let run = normconfLimited(["run", "--corpus", "/nonexistent/corpus.h5"])
        #expect(run.termination == .exited(3))
        #expect(run.stderr == "normconf: /nonexistent/corpus.h5: no such file\n")
    }

    @Test func checkJudgesAFloat32ResultsFile() throws {
        let scratch = Fixtures.scratch()
        let results = scratch + "/results.h5"
        try Fixtures.referenceResults(at: results, dtype: "float32")
        let run = normconfLimited(["check", results, "--corpus", Fixtures.corpus])
        #expect(run.termination == .exited(0), "\(run.stdout)")
        #expect(run.stdout.contains("(float32)") && run.stdout.contains("not-applicable"))
    }

    /// From any folder, normconf finds the corpus committed with it and says which it used.
    @Test func runsFromAnyFolderOnTheBundledCorpus() throws {
        let scratch = Fixtures.scratch()
        let out = scratch + "/out"
        let termination = ChildProcess.run(["/bin/sh", "-c", "cd /tmp && exec \"$0\" run", normconfPath],
                                           stdout: out, stderr: scratch + "/err", timeout: 120)
        let text = String(decoding: FileManager.default.contents(atPath: out) ?? Data(), as: UTF8.self)
        #expect(termination == .exited(0), "\(text)")
        #expect(text.hasPrefix("normconf: normconf reference") && text.contains("against \(Fixtures.corpus)"))
    }

    /// `normconf codes` and docs/PORTING.md list the same codes with the same accepted classes.
    @Test func codesAreThePortingTable() throws {
        let run = normconfLimited(["codes"])
        #expect(run.termination == .exited(0))
        let doc = try String(contentsOfFile: Fixtures.root.appendingPathComponent("docs/PORTING.md").path, encoding: .utf8)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == NormalizationError.allCodes.count)
        for line in lines {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            let row = doc.split(separator: "\n").first { $0.hasPrefix("| `\(fields[0])` |") }
            #expect(row != nil, "docs/PORTING.md has no row for \(fields[0])")
            for exception in NormalizationError.exceptions(forCode: String(fields[0])) {
                #expect(row?.contains("`\(exception)`") == true, "\(fields[0]): \(exception) missing from docs/PORTING.md")
            }
        }
    }

    /// The text report's closing counts add up to the number of cases judged.
    @Test func textSummaryCountsAddUp() throws {
        let run = normconfLimited(["run", "--corpus", Fixtures.corpus, "--filter", "axis.*", "--strict-stages"])
        let last = run.stdout.split(separator: "\n").last.map(String.init) ?? ""
        let total = last.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces).split(separator: " ")[0]) }.reduce(0, +)
        let judged = run.stdout.split(separator: "\n").filter { $0.contains(" axis.") && !$0.hasPrefix(" ") }.count
        #expect(total == judged && judged > 10, "\(last)")
    }
}
