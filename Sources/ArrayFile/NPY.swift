import Foundation

/// NumPy's `.npy` format, versions 1.0 to 3.0 (numpy.lib.format): the magic `\x93NUMPY`,
/// a version, a little-endian header length, a Python-literal header
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (625000, 16), }` and the raw C-order
/// data. Reading accepts the little-endian floating, integer and bool dtypes a user's data
/// comes in and returns every value as a Double (exact: no dtype read here holds a value a
/// Double cannot); writing produces version 1.0, `<f8`.
public enum NPY {
    /// The element types read, by their `descr`.
    static let elementTypes: [String: (size: Int, load: @Sendable (UnsafeRawPointer) -> Double)] = [
        "<f8": (8, { Double(bitPattern: UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))) }),
        "<f4": (4, { Double(Float(bitPattern: UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)))) }),
        "<f2": (2, { Double(halfToFloat(UInt16(littleEndian: $0.loadUnaligned(as: UInt16.self)))) }),
        "<i8": (8, { Double(Int64(littleEndian: $0.loadUnaligned(as: Int64.self))) }),
        "<i4": (4, { Double(Int32(littleEndian: $0.loadUnaligned(as: Int32.self))) }),
        "|u1": (1, { Double($0.load(as: UInt8.self)) }),
        "|i1": (1, { Double($0.load(as: Int8.self)) }),
        "|b1": (1, { $0.load(as: UInt8.self) == 0 ? 0 : 1 }),
    ]

    /// Reads `path`, refusing a file that declares more than `limit` elements or whose data
    /// is not exactly the size its header declares, before allocating for it. (An int64
    /// beyond 2⁵³ rounds to the nearest Double.)
    public static func read(_ path: String, limit: Int) throws(ArrayFileError) -> (shape: [Int], values: [Double]) {
        // Read in pieces, not whole or mapped: the values are the only copy of the data in memory.
        func unreadable(_ error: any Error) -> ArrayFileError {
            ArrayFileError(path: path, problem: "cannot read the file: \(error.localizedDescription)")
        }
        // A FIFO would block the open, a directory fails later with a vaguer message.
        let kind = try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType
        if let kind, kind != .typeRegular {
            throw ArrayFileError(path: path, problem: "not a regular file (\(kind == .typeDirectory ? "a directory" : "a FIFO, socket or device"))")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ArrayFileError(path: path, problem: "cannot read the file: it does not exist or is not readable")
        }
        defer { try? handle.close() }
        let fileSize: Int, prefix: Data
        do {
            fileSize = Int(try handle.seekToEnd())
            try handle.seek(toOffset: 0)
            prefix = try handle.read(upToCount: min(fileSize, Header.longest)) ?? Data()
        } catch {
            throw unreadable(error)
        }
        let header = try Header(prefix, path: path)
        guard let type = elementTypes[header.descr] else {
            throw ArrayFileError(path: path, problem: "dtype '\(header.descr)' is not read; expected one of \(elementTypes.keys.sorted().joined(separator: " "))")
        }
        guard !header.fortranOrder else { throw ArrayFileError(path: path, problem: "Fortran-ordered data is not read; save it C-ordered") }
        var count = 1
        for size in header.shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, product <= limit else {
                throw ArrayFileError(path: path, problem: "shape \(header.shape) declares more than the \(limit) elements allowed")
            }
            count = product
        }
        let payload = fileSize - header.dataOffset
        guard payload == count * type.size else {
            throw ArrayFileError(path: path, problem: "shape \(header.shape) of \(header.descr) needs \(count * type.size) bytes of data; the file has \(payload)")
        }
        var values = [Double]()
        values.reserveCapacity(count)
        do {
            try handle.seek(toOffset: UInt64(header.dataOffset))
            while values.count < count {
                let wanted = min(1 << 16, count - values.count)
                guard let piece = try handle.read(upToCount: wanted * type.size), piece.count == wanted * type.size else {
                    throw ArrayFileError(path: path, problem: "the file ended early: it changed while it was read")
                }
                piece.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
                    for index in 0..<wanted { values.append(type.load(bytes.baseAddress! + index * type.size)) }
                }
            }
        } catch let error as ArrayFileError {
            throw error
        } catch {
            throw unreadable(error)
        }
        return (header.shape, values)
    }

    /// Writes `values` of `shape` as a version 1.0 `<f8` file, through a temporary name.
    public static func write(shape: [Int], values: [Double], to path: String) throws(ArrayFileError) {
        precondition(values.count == shape.reduce(1, *), "\(values.count) values for shape \(shape)")
        let tuple = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var text = "{'descr': '<f8', 'fortran_order': False, 'shape': \(tuple), }"
        // The header ends in a newline and pads the data to a multiple of 64 bytes.
        let unpadded = 10 + text.utf8.count + 1
        text += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(text.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(text.utf8))
        values.withUnsafeBufferPointer { buffer in
            data.append(contentsOf: UnsafeRawBufferPointer(buffer))  // little-endian hosts only (x86-64, arm64)
        }
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else {
                throw ArrayFileError(path: path, problem: "cannot rename \(temporary) into place: \(String(cString: strerror(errno)))")
            }
        } catch let error as ArrayFileError {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw ArrayFileError(path: path, problem: "cannot write: \(error.localizedDescription)")
        }
    }

    /// IEEE binary16 to Float, subnormals and specials included.
    static func halfToFloat(_ bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F), fraction = Float(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}

/// The parsed header of a `.npy` file.
private struct Header {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]
    var dataOffset: Int

    /// A real header text is a few hundred bytes; a longer one than this is damage, not data.
    static let longestText = 1 << 20
    /// The most of a file the header can take: the magic, version and length, and the text.
    static let longest = 12 + longestText

    init(_ data: Data, path: String) throws(ArrayFileError) {
        let bytes = [UInt8](data.prefix(12))
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8) else {
            throw ArrayFileError(path: path, problem: "not a .npy file (no \\x93NUMPY magic)")
        }
        let headerLength: Int, start: Int
        switch bytes[6] {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            start = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw ArrayFileError(path: path, problem: "the header is cut short") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            start = 12
        default:
            throw ArrayFileError(path: path, problem: "format version \(bytes[6]).\(bytes[7]) is not read (1.0 to 3.0 are)")
        }
        guard headerLength <= Self.longestText else {
            throw ArrayFileError(path: path, problem: "the header claims \(headerLength) bytes, more than the \(Self.longestText) a header may take")
        }
        // `data` holds the file up to `longest` bytes, so a shortfall here is the file's.
        guard start + headerLength <= data.count else {
            throw ArrayFileError(path: path, problem: "the header claims \(headerLength) bytes; the file has \(data.count - start) after it")
        }
        let text = String(decoding: data[data.startIndex + start ..< data.startIndex + start + headerLength], as: UTF8.self)
        func field(_ key: String) throws(ArrayFileError) -> Substring {
            guard let range = text.range(of: "'\(key)':") else { throw ArrayFileError(path: path, problem: "the header has no '\(key)'") }
            return text[range.upperBound...].drop(while: { $0 == " " })
        }
        let descrField = try field("descr")
        guard descrField.first == "'", let end = descrField.dropFirst().firstIndex(of: "'") else {
            throw ArrayFileError(path: path, problem: "the header's 'descr' is not a string (structured dtypes are not read)")
        }
        descr = String(descrField[descrField.index(after: descrField.startIndex)..<end])
        fortranOrder = try field("fortran_order").hasPrefix("True")
        let shapeField = try field("shape")
        guard shapeField.first == "(", let close = shapeField.firstIndex(of: ")") else {
            throw ArrayFileError(path: path, problem: "the header's 'shape' is not a tuple")
        }
        var shape: [Int] = []
        for item in shapeField[shapeField.index(after: shapeField.startIndex)..<close].split(separator: ",") {
            let trimmed = item.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            guard let size = Int(trimmed), size >= 0 else {
                throw ArrayFileError(path: path, problem: "the header's shape entry '\(trimmed)' is not a size")
            }
            shape.append(size)
        }
        self.shape = shape
        dataOffset = start + headerLength
    }
}

/// A `.npy` file that cannot be read or written, with the reason.
public struct ArrayFileError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let problem: String
    public var description: String { "\(path): \(problem)" }
}
