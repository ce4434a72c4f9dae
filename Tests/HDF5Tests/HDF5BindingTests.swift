import Foundation
import HDF5
import Testing

/// The binding on its own: datasets of every rank, attributes of every kind, and errors
/// that carry HDF5's text.
@Suite struct HDF5BindingTests {
    let path = NSTemporaryDirectory() + "normconf-hdf5-\(UUID().uuidString).h5"

    @Test func datasetsOfEveryRankRoundTrip() throws {
        do {
            let file = try File.create(path)
            try file.root.writeDataset("scalar", shape: [], values: [0.1])
            try file.root.writeDataset("empty", shape: [0, 3], values: [])
            try file.root.writeDataset("rank4", shape: [2, 1, 3, 2], values: (0..<12).map(Double.init))
            try file.root.writeDataset("narrow", shape: [2], values: [0.1, .nan], format: .float32)
            try file.flush()
        }
        let root = try File.open(path).root
        let scalar = try root.readFloatDataset("scalar")
        #expect(scalar.shape == [] && scalar.values == [0.1] && scalar.storedBits == 64)
        #expect(try root.readFloatDataset("empty").shape == [0, 3])
        #expect(try root.readFloatDataset("rank4").values == (0..<12).map(Double.init))
        let narrow = try root.readFloatDataset("narrow")
        #expect(narrow.storedBits == 32 && narrow.values[0] == Double(Float(0.1)) && narrow.values[1].isNaN)
        #expect(try root.childNames() == ["empty", "narrow", "rank4", "scalar"])
    }

    @Test func attributesOfEveryKind() throws {
        do {
            let file = try File.create(path)
            let group = try file.root.createGroup("g")
            try group.setAttribute("text", string: "ünïcode ✓")
            try group.setAttribute("wide", int64: -5_000_000_000)
            try group.setAttribute("flag", int8: 1)
            try group.setAttribute("real", double: 1e-7)
            try file.flush()
        }
        let group = try File.open(path).root.group("g")
        #expect(try group.attributeNames() == ["flag", "real", "text", "wide"])
        #expect(try group.stringAttribute("text") == "ünïcode ✓")
        #expect(try group.integerAttribute("wide") == -5_000_000_000 && group.integerAttribute("flag") == 1)
        #expect(try group.doubleAttribute("real") == 1e-7)
        #expect(try group.attributeKind("real") == .float)
        #expect(throws: HDF5Error.self) { try group.stringAttribute("real") }
    }

    @Test func errorsCarryHDF5sOwnText() throws {
        do { _ = try File.create(path) }
        do {
            _ = try File.open(path).root.group("absent")
            Issue.record("opening a missing group succeeded")
        } catch {
            #expect(error.function == "H5Gopen2" && error.subject == "/absent")
            #expect(!error.stack.isEmpty && error.stack.joined().contains("H5G"))
        }
        #expect(throws: HDF5Error.self) { try File.open(path + ".missing") }
    }
}
