import CaseCatalog
import Corpus
import CorpusFile
import Foundation
import HDF5
import Testing

/// The corpus file: reproducible writing, a faithful round trip, and one clear error per
/// kind of bad file, from the reader and from the commands.
@Suite struct CorpusFileTests {
    @Test func writingIsByteReproducibleAndRoundTrips() throws {
        let scratch = Fixtures.scratch()
        let cases = try CorpusGenerator.cases().filter { $0.id.hasPrefix("doc.") || $0.id.hasPrefix("batches.") }
        let corpus = CorpusDocument(spec: "test", epsilon: 1e-7, generator: "test", cases: cases)
        try CorpusWriter.write(corpus, to: scratch + "/a.h5")
        Thread.sleep(forTimeInterval: 1.1)  // a timestamp would now differ
        try CorpusWriter.write(corpus, to: scratch + "/b.h5")
        #expect(FileManager.default.contents(atPath: scratch + "/a.h5") == FileManager.default.contents(atPath: scratch + "/b.h5"))
        let back = try CorpusReader.read(scratch + "/a.h5")
        #expect(back.cases.map(Manifest.contentDigest) == cases.map(Manifest.contentDigest))
    }

    /// SHA-256 against FIPS 180-4's examples, fed whole, in uneven pieces (blocks that start
    /// in `pending`) and a million bytes at once.
    @Test func sha256MatchesTheStandardsExamples() {
        func digest(_ pieces: [[UInt8]]) -> String {
            var hash = SHA256()
            for piece in pieces { hash.update(piece) }
            return hash.hexDigest()
        }
        #expect(digest([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(digest([Array("abc".utf8)]) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let twoBlocks = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        let expected = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        #expect(digest([twoBlocks]) == expected)
        #expect(digest([Array(twoBlocks[..<7]), Array(twoBlocks[7..<50]), Array(twoBlocks[50...])]) == expected)
        #expect(digest([Array(repeating: UInt8(ascii: "a"), count: 1_000_000)])
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Files broken in each way the format can be broken, each with the message it must give.
    static func brokenFiles(in folder: String) throws -> [(path: String, complaint: String)] {
        func corpus(_ name: String, _ edit: (Group) throws -> Void) throws -> String {
            let path = "\(folder)/\(name).h5"
            let file = try File.create(path)
            try edit(file.root)
            try file.flush()
            return path
        }
        let empty = "\(folder)/empty.h5"
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        let text = "\(folder)/text.h5"
        try "not hdf5".write(toFile: text, atomically: true, encoding: .utf8)
        let truncated = "\(folder)/truncated.h5"
        let committed = FileManager.default.contents(atPath: Fixtures.corpus) ?? Data()
        try committed.prefix(committed.count / 2).write(to: URL(fileURLWithPath: truncated))
        let directory = "\(folder)/directory.h5"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let fifo = "\(folder)/fifo.h5"
        mkfifo(fifo, 0o644)
        return [
            ("\(folder)/missing.h5", "no such file"),
            (directory, "not a regular file but a directory"),
            (fifo, "not a regular file but a FIFO"),
            (empty, "the file is empty"),
            (text, "not an HDF5 file"),
            (truncated, "HDF5 cannot read it"),
            (try corpus("wrong-format") { try $0.setAttribute("format", string: "something-else") }, "attribute 'format' is \"something-else\""),
            (try corpus("major-two") {
                try $0.setAttribute("format", string: "keras-normalization-corpus")
                try $0.setAttribute("format_version", string: "2.0")
            }, "unknown major version"),
            (try corpus("negative-epsilon") {
                try $0.setAttribute("format", string: "keras-normalization-corpus")
                try $0.setAttribute("format_version", string: "1.1")
                try $0.setAttribute("spec", string: "test")
                try $0.setAttribute("generator", string: "test")
                try $0.setAttribute("epsilon", double: -1)
            }, "epsilon -1.0 is not a finite number >= 0"),
            (try corpus("no-spec") {
                try $0.setAttribute("format", string: "keras-normalization-corpus")
                try $0.setAttribute("format_version", string: "1.0")
            }, "has no attribute 'spec'"),
        ]
    }

    @Test func readerNamesTheFileAndTheProblem() throws {
        for (path, complaint) in try Self.brokenFiles(in: Fixtures.scratch()) {
            #expect(throws: CorpusFileError.self) { try CorpusReader.read(path) }
            do { _ = try CorpusReader.read(path) } catch {
                #expect("\(error)".contains(path) && "\(error)".contains(complaint), "\(error)")
            }
        }
    }

    @Test func commandsExit3WithOneLineAndNoHDF5Stack() throws {
        for (path, complaint) in try Self.brokenFiles(in: Fixtures.scratch()) {
            for command in [["list", "--corpus", path], ["run", "--corpus", path], ["show", "doc.invert", "--corpus", path]] {
                let run = normconfLimited(command)
                #expect(run.termination == .exited(3), "\(command): \(run.termination)")
                #expect(run.stderr.hasPrefix("normconf: \(path)") && run.stderr.contains(complaint), "\(run.stderr)")
                #expect(run.stderr.split(separator: "\n").count == 1 && !run.stderr.contains("HDF5-DIAG"))
            }
        }
    }

    @Test func lintAcceptsTheCorpusAndListsEveryProblemOfABrokenOne() throws {
        #expect(normconfLimited(["lint", Fixtures.corpus]).termination == .exited(0))
        let path = Fixtures.scratch() + "/broken.h5"
        // In a function of its own, so that the file is closed (HDF5 locks open files).
        func write() throws {
            let file = try File.create(path)
            let root = file.root
            try root.setAttribute("format", string: "keras-normalization-corpus")
            try root.setAttribute("format_version", string: "1.0")
            try root.setAttribute("case_count", int64: 2)
            let bad = try root.createGroup("cases").createGroup("Bad Id")
            try bad.setAttribute("dtype_policy", string: "mixed_float8")
            try bad.setAttribute("exact_in", string: "int8")
            let step = try bad.createGroup("steps").createGroup("000")
            try step.setAttribute("op", string: "fly")
            let call = try bad.group("steps").createGroup("001")
            try call.setAttribute("op", string: "call")
            try call.setAttribute("input_dtype", string: "float8")
            try file.flush()
        }
        try write()
        let run = normconfLimited(["lint", path])
        #expect(run.termination == .exited(1))
        for problem in ["missing attribute 'spec'", "missing attribute 'epsilon'", "case_count is 2 but /cases holds 1",
                        "/cases/Bad Id: case id does not match", "missing attribute 'description'",
                        "/cases/Bad Id/steps/000: step 000 must be construct", "unknown op \"fly\"",
                        "dtype_policy \"mixed_float8\" is not one of", "exact_in \"int8\" is not one of",
                        "input_dtype \"float8\" is not one of"] {
            #expect(run.stdout.contains(problem), "lint did not report \(problem):\n\(run.stdout)")
        }
    }

    /// A corpus whose content no longer matches the manifest beside it is refused, naming
    /// the case, unless --allow-modified-corpus.
    @Test func alteredCorpusIsRefusedWithTheCaseNamed() throws {
        let folder = Fixtures.scratch()
        let corpus = folder + "/normalization.h5", manifest = folder + "/normalization.manifest.txt"
        try FileManager.default.copyItem(atPath: Fixtures.corpus, toPath: corpus)
        var text = try String(contentsOfFile: Manifest.path(besideCorpus: Fixtures.corpus), encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("doc.invert |") })
        var fields = line.components(separatedBy: " | ")
        fields[4] = String(repeating: "0", count: 16)
        text = text.replacingOccurrences(of: String(line), with: fields.joined(separator: " | "))
        try text.write(toFile: manifest, atomically: true, encoding: .utf8)
        let refused = normconfLimited(["run", "--corpus", corpus])
        #expect(refused.termination == .exited(3) && refused.stderr.contains("doc.invert") && refused.stderr.contains("altered"), "\(refused.stderr)")
        let accepted = normconfLimited(["run", "--corpus", corpus, "--allow-modified-corpus"])
        #expect(accepted.termination == .exited(0), "\(accepted.stderr)")
    }
}
