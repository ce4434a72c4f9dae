import CHDF5

/// Scalar attributes on a group: UTF-8 strings, integers and floats (`H5Acreate2`,
/// `H5Awrite`, `H5Aopen`, `H5Aread`). Strings are written variable-length, as h5py writes
/// Python strings; both variable- and fixed-length strings are read.
extension Group {
    /// The class of a stored attribute.
    public enum AttributeKind: Sendable, Equatable { case string, integer, float, other }

    public func hasAttribute(_ name: String) throws(HDF5Error) -> Bool {
        try hdf5("H5Aexists", attributePath(name)) { H5Aexists(handle.id, name) } > 0
    }

    /// Attribute names in ascending order (`H5Aiterate2` on the name index).
    public func attributeNames() throws(HDF5Error) -> [String] {
        var names: [String] = []
        var index: hsize_t = 0
        _ = try withUnsafeMutablePointer(to: &names) { pointer throws(HDF5Error) in
            try hdf5("H5Aiterate2", path) {
                H5Aiterate2(handle.id, H5_INDEX_NAME, H5_ITER_INC, &index, { _, name, _, context in
                    guard let name, let context else { return -1 }
                    context.assumingMemoryBound(to: [String].self).pointee.append(String(cString: name))
                    return 0
                }, pointer)
            }
        }
        return names
    }

    public func setAttribute(_ name: String, string value: String) throws(HDF5Error) {
        let type = try stringType(for: name)
        try write(name, type: type.id) { memoryType, attribute in
            value.withCString { text in
                var pointer: UnsafePointer<CChar>? = text
                return H5Awrite(attribute, memoryType, &pointer)
            }
        }
    }

    /// A 64-bit little-endian integer attribute (`H5T_STD_I64LE`).
    public func setAttribute(_ name: String, int64 value: Int64) throws(HDF5Error) {
        try write(name, type: chdf5_t_std_i64le()) { _, attribute in
            withUnsafePointer(to: value) { H5Awrite(attribute, chdf5_t_native_int64(), $0) }
        }
    }

    /// An 8-bit integer attribute (`H5T_STD_I8LE`), the format's flags.
    public func setAttribute(_ name: String, int8 value: Int8) throws(HDF5Error) {
        try write(name, type: chdf5_t_std_i8le()) { _, attribute in
            let wide = Int64(value)
            return withUnsafePointer(to: wide) { H5Awrite(attribute, chdf5_t_native_int64(), $0) }
        }
    }

    /// A float64 attribute (`H5T_IEEE_F64LE`).
    public func setAttribute(_ name: String, double value: Double) throws(HDF5Error) {
        try write(name, type: chdf5_t_ieee_f64le()) { _, attribute in
            withUnsafePointer(to: value) { H5Awrite(attribute, chdf5_t_native_double(), $0) }
        }
    }

    public func attributeKind(_ name: String) throws(HDF5Error) -> AttributeKind {
        let attribute = try open(name)
        let type = try attributeType(attribute, name)
        return switch hdf5Unchecked({ H5Tget_class(type.id) }) {
        case H5T_STRING: .string
        case H5T_INTEGER: .integer
        case H5T_FLOAT: .float
        default: .other
        }
    }

    /// Reads a string attribute, variable- or fixed-length; an attribute of another class is an error.
    public func stringAttribute(_ name: String) throws(HDF5Error) -> String {
        let attribute = try open(name)
        let type = try attributeType(attribute, name)
        guard hdf5Unchecked({ H5Tget_class(type.id) }) == H5T_STRING else { throw notOfClass(name, "a string") }
        if hdf5Unchecked({ H5Tis_variable_str(type.id) }) > 0 {
            let memoryType = try stringType(for: name)
            var pointer: UnsafeMutablePointer<CChar>?
            _ = try hdf5("H5Aread", attributePath(name)) { H5Aread(attribute.id, memoryType.id, &pointer) }
            defer { if let pointer { _ = hdf5Unchecked { H5free_memory(pointer) } } }
            return pointer.map { String(cString: $0) } ?? ""
        }
        let size = hdf5Unchecked { H5Tget_size(type.id) }
        var bytes = [UInt8](repeating: 0, count: size + 1)
        _ = try hdf5("H5Aread", attributePath(name)) { H5Aread(attribute.id, type.id, &bytes) }
        let end = bytes.firstIndex(of: 0) ?? size
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    /// Reads an integer attribute of any width as Int64.
    public func integerAttribute(_ name: String) throws(HDF5Error) -> Int64 {
        let attribute = try open(name)
        let type = try attributeType(attribute, name)
        guard hdf5Unchecked({ H5Tget_class(type.id) }) == H5T_INTEGER else { throw notOfClass(name, "an integer") }
        var value: Int64 = 0
        _ = try hdf5("H5Aread", attributePath(name)) { H5Aread(attribute.id, chdf5_t_native_int64(), &value) }
        return value
    }

    /// Reads a floating-point attribute of any width as Double.
    public func doubleAttribute(_ name: String) throws(HDF5Error) -> Double {
        let attribute = try open(name)
        let type = try attributeType(attribute, name)
        guard hdf5Unchecked({ H5Tget_class(type.id) }) == H5T_FLOAT else { throw notOfClass(name, "a floating-point number") }
        var value = 0.0
        _ = try hdf5("H5Aread", attributePath(name)) { H5Aread(attribute.id, chdf5_t_native_double(), &value) }
        return value
    }

    // MARK: - Plumbing

    private func attributePath(_ name: String) -> String { "\(path) attribute '\(name)'" }

    private func notOfClass(_ name: String, _ expected: String) -> HDF5Error {
        HDF5Error(function: "H5Tget_class", subject: attributePath(name), stack: ["attribute is not \(expected)"])
    }

    private func open(_ name: String) throws(HDF5Error) -> Handle {
        let id = try hdf5("H5Aopen", attributePath(name)) { H5Aopen(handle.id, name, chdf5_p_default()) }
        return Handle(id, close: H5Aclose)
    }

    private func attributeType(_ attribute: Handle, _ name: String) throws(HDF5Error) -> Handle {
        let id = try hdf5("H5Aget_type", attributePath(name)) { H5Aget_type(attribute.id) }
        return Handle(id, close: H5Tclose)
    }

    /// A variable-length UTF-8 string type (`H5Tcopy(H5T_C_S1)`, `H5Tset_size(H5T_VARIABLE)`).
    private func stringType(for name: String) throws(HDF5Error) -> Handle {
        let id = try hdf5("H5Tcopy", attributePath(name)) { H5Tcopy(chdf5_t_c_s1()) }
        let type = Handle(id, close: H5Tclose)
        _ = try hdf5("H5Tset_size", attributePath(name)) { H5Tset_size(type.id, Int(bitPattern: UInt(bitPattern: -1))) }
        _ = try hdf5("H5Tset_cset", attributePath(name)) { H5Tset_cset(type.id, H5T_CSET_UTF8) }
        return type
    }

    /// Creates a scalar attribute of `type` and writes it with `body(memoryType, attribute)`.
    private func write(_ name: String, type: hid_t, _ body: (hid_t, hid_t) -> herr_t) throws(HDF5Error) {
        let space = try Dataspace(shape: [], for: attributePath(name))
        let id = try hdf5("H5Acreate2", attributePath(name)) {
            H5Acreate2(handle.id, name, type, space.handle.id, chdf5_p_default(), chdf5_p_default())
        }
        let attribute = Handle(id, close: H5Aclose)
        _ = try hdf5("H5Awrite", attributePath(name)) { body(type, attribute.id) }
    }
}
