import ArrayFile
import Foundation
import JSONText
import Testing

/// `.npy` files in and out, and `normconf eval` on them: large data without JSON.
@Suite struct ArrayFileTests {
    private let folder = NSTemporaryDirectory() + "normconf-npy-\(UUID().uuidString)"

    init() throws { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }

    /// A version 1.0 file written by hand, as numpy would (descr, shape, raw bytes).
    private func npy(_ descr: String, _ shape: String, _ payload: [UInt8], name: String) throws -> String {
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]
        bytes += Array(header.utf8) + payload
        let path = "\(folder)/\(name)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func float64RoundTripsBitForBit() throws {
        let values = [1.0, -0.0, .infinity, 0x1p-1074, 999.9688319541032, .nan]
        let path = "\(folder)/round.npy"
        try NPY.write(shape: [2, 3], values: values, to: path)
        let read = try NPY.read(path, limit: 100)
        #expect(read.shape == [2, 3])
        #expect(read.values.map(\.bitPattern) == values.map(\.bitPattern))
    }

    @Test func narrowerDtypesAreExact() throws {
        let float32 = try npy("<f4", "(2,)", [0x00, 0x00, 0x80, 0x3F, 0x01, 0x00, 0x00, 0x80], name: "f4.npy")  // 1, -2^-149
        #expect(try NPY.read(float32, limit: 10).values == [1, -0x1p-149])
        let float16 = try npy("<f2", "(3,)", [0x00, 0x3C, 0xFF, 0x7B, 0x01, 0x00], name: "f2.npy")  // 1, 65504, 2^-24
        #expect(try NPY.read(float16, limit: 10).values == [1, 65504, 0x1p-24])
        let int64 = try npy("<i8", "(1,)", [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], name: "i8.npy")
        #expect(try NPY.read(int64, limit: 10).values == [-1])
        let bools = try npy("|b1", "(2, 1)", [1, 0], name: "b1.npy")
        #expect(try NPY.read(bools, limit: 10) == ([2, 1], [1, 0]))
    }

    @Test func damagedOrHugeFilesAreRefusedBeforeAllocating() throws {
        let short = try npy("<f8", "(4,)", [UInt8](repeating: 0, count: 8), name: "short.npy")
        #expect(throws: ArrayFileError.self) { try NPY.read(short, limit: 100) }
        let huge = try npy("<f8", "(1000000, 1000000)", [], name: "huge.npy")
        let error = #expect(throws: ArrayFileError.self) { try NPY.read(huge, limit: 1 << 31) }
        #expect(error?.problem.contains("more than") == true)
        let bigEndian = try npy(">f8", "(1,)", [UInt8](repeating: 0, count: 8), name: "be.npy")
        #expect(throws: ArrayFileError.self) { try NPY.read(bigEndian, limit: 100) }
        let path = "\(folder)/text.npy"
        try Data("not numpy".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ArrayFileError.self) { try NPY.read(path, limit: 100) }
    }

    /// adapt and call read from files, the output goes to a file, the statistics are printed.
    @Test func evalReadsAndWritesFiles() throws {
        let data = "\(folder)/data.npy", output = "\(folder)/out.npy"
        try NPY.write(shape: [4, 3], values: [0, 7, 4, 2, 9, 6, 0, 7, 4, 2, 9, 6], to: data)
        let document = #"{"axis": -1, "steps": [{"op": "adapt", "data": {"file": "\#(data)"}}, {"op": "call", "input": {"file": "\#(data)"}, "output_file": "\#(output)"}]}"#
        let run = try normconf(["eval"], stdin: document)
        #expect(run.status == 0, "\(run.stderr)")
        guard case .array(let steps)? = try JSONValue(parsing: run.stdout)["steps"] else { Issue.record("no steps"); return }
        #expect(steps[1]["mean"]?.text == "[1.0, 8.0, 5.0]")
        #expect(steps[2]["output"]?["shape"]?.text == "[4, 3]")
        #expect(try NPY.read(output, limit: 100).values == [-1, -1, -1, 1, 1, 1, -1, -1, -1, 1, 1, 1])
        let missing = try normconf(["eval"], stdin: #"{"steps": [{"op": "adapt", "data": {"file": "\#(folder)/none.npy"}}]}"#)
        #expect(missing.status == 3 && missing.stderr.contains("none.npy"))
    }
}
