import CHDF5

/// A group: the file's root or a named group below it (`H5Gcreate2`, `H5Gopen2`). It holds
/// child groups, float datasets and attributes (Attributes.swift).
public struct Group: Sendable {
    let handle: Handle
    /// The group's path in the file, for messages.
    public let path: String
    /// Keeps the file open while the group is in use.
    let file: File

    /// The kinds of child a group can hold.
    public enum ChildKind: Sendable, Equatable { case group, dataset, other }

    public func childPath(_ name: String) -> String { path == "/" ? "/" + name : path + "/" + name }

    /// Creates a child group with no timestamps.
    public func createGroup(_ name: String) throws(HDF5Error) -> Group {
        let where_ = childPath(name)
        let properties = try PropertyList.untimed(chdf5_p_group_create(), for: where_)
        let id = try hdf5("H5Gcreate2", where_) {
            H5Gcreate2(handle.id, name, chdf5_p_default(), properties.id, chdf5_p_default())
        }
        return Group(handle: Handle(id, close: H5Gclose), path: where_, file: file)
    }

    /// Opens an existing child group.
    public func group(_ name: String) throws(HDF5Error) -> Group {
        let where_ = childPath(name)
        try requireHardLink(name)
        let id = try hdf5("H5Gopen2", where_) { H5Gopen2(handle.id, name, chdf5_p_default()) }
        return Group(handle: Handle(id, close: H5Gclose), path: where_, file: file)
    }

    /// The names of the children in ascending name order (`H5Literate` on the name index).
    public func childNames() throws(HDF5Error) -> [String] {
        var names: [String] = []
        var index: hsize_t = 0
        _ = try withUnsafeMutablePointer(to: &names) { pointer throws(HDF5Error) in
            try hdf5("H5Literate", path) {
                H5Literate(handle.id, H5_INDEX_NAME, H5_ITER_INC, &index, { _, name, _, context in
                    guard let name, let context else { return -1 }
                    context.assumingMemoryBound(to: [String].self).pointee.append(String(cString: name))
                    return 0
                }, pointer)
            }
        }
        return names
    }

    /// Whether a child link `name` exists (`H5Lexists`).
    public func contains(_ name: String) throws(HDF5Error) -> Bool {
        try hdf5("H5Lexists", childPath(name)) { H5Lexists(handle.id, name, chdf5_p_default()) } > 0
    }

    /// Refuses a soft or external link (`H5Lget_info`): an external link would open
    /// another file, silently, wherever it points.
    func requireHardLink(_ name: String) throws(HDF5Error) {
        // A missing link is left to the call that opens it, which reports it in its own words.
        guard hdf5Unchecked({ chdf5_link_is_hard(handle.id, name) }) != 0 else {
            throw HDF5Error(function: "H5Lget_info", subject: childPath(name), stack: ["a soft or external link, which this reader does not follow"])
        }
    }

    /// What kind of object the child `name` is (`H5Oopen`, `H5Iget_type`).
    public func kind(of name: String) throws(HDF5Error) -> ChildKind {
        try requireHardLink(name)
        let id = try hdf5("H5Oopen", childPath(name)) { H5Oopen(handle.id, name, chdf5_p_default()) }
        let object = Handle(id, close: H5Oclose)
        return switch hdf5Unchecked({ H5Iget_type(object.id) }) {
        case H5I_GROUP: .group
        case H5I_DATASET: .dataset
        default: .other
        }
    }
}

/// An IEEE binary floating-point format a dataset can be stored in.
public enum FloatFormat: Sendable {
    case float32, float64

    var fileType: hid_t {
        switch self {
        case .float32: chdf5_t_ieee_f32le()
        case .float64: chdf5_t_ieee_f64le()
        }
    }
}

/// A floating-point dataset read into memory: its shape (empty for a scalar dataspace),
/// its values converted to Double by HDF5, and the bit width it was stored with.
public struct FloatDataset: Sendable {
    public let shape: [Int]
    public let values: [Double]
    public let storedBits: Int
}

extension Group {
    /// Writes a dataset of `shape` (`[]` for a scalar dataspace) in C order, contiguous,
    /// with no timestamps (`H5Screate_simple`/`H5Screate`, `H5Dcreate2`, `H5Dwrite`).
    public func writeDataset(_ name: String, shape: [Int], values: [Double], format: FloatFormat = .float64) throws(HDF5Error) {
        let where_ = childPath(name)
        precondition(values.count == shape.reduce(1, *), "\(where_): \(values.count) values for shape \(shape)")
        let space = try Dataspace(shape: shape, for: where_)
        let properties = try PropertyList.untimed(chdf5_p_dataset_create(), for: where_)
        let id = try hdf5("H5Dcreate2", where_) {
            H5Dcreate2(handle.id, name, format.fileType, space.handle.id, chdf5_p_default(), properties.id, chdf5_p_default())
        }
        let dataset = Handle(id, close: H5Dclose)
        guard !values.isEmpty else { return }
        _ = try values.withUnsafeBufferPointer { buffer throws(HDF5Error) in
            try hdf5("H5Dwrite", where_) {
                H5Dwrite(dataset.id, chdf5_t_native_double(), chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), buffer.baseAddress)
            }
        }
    }

    /// Reads a floating-point dataset of any IEEE width as Doubles (`H5Dopen2`, `H5Dread`).
    /// A dataset of another class is an error naming its class.
    /// Reads a floating-point dataset, refusing one that declares more than `limit` elements
    /// (or a size that overflows) before allocating anything for it.
    public func readFloatDataset(_ name: String, limit: Int = Int.max) throws(HDF5Error) -> FloatDataset {
        let where_ = childPath(name)
        try requireHardLink(name)
        let id = try hdf5("H5Dopen2", where_) { H5Dopen2(handle.id, name, chdf5_p_default()) }
        let dataset = Handle(id, close: H5Dclose)
        let typeID = try hdf5("H5Dget_type", where_) { H5Dget_type(dataset.id) }
        let type = Handle(typeID, close: H5Tclose)
        guard hdf5Unchecked({ H5Tget_class(type.id) }) == H5T_FLOAT else {
            throw HDF5Error(function: "H5Tget_class", subject: where_, stack: ["dataset is not of a floating-point type"])
        }
        let bits = 8 * hdf5Unchecked { H5Tget_size(type.id) }
        let spaceID = try hdf5("H5Dget_space", where_) { H5Dget_space(dataset.id) }
        let shape = try Dataspace(adopting: spaceID).shape(for: where_)
        var count = 1
        for size in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, product <= limit else {
                throw HDF5Error(function: "H5Sget_simple_extent_dims", subject: where_,
                                stack: ["the dataset declares shape \(shape), more than the \(limit) elements allowed"])
            }
            count = product
        }
        // A dataset that stores far fewer bytes than it declares (a 1 kB file declaring a
        // 10⁶×10⁶ array, read back as fill values) is refused before its buffer exists;
        // 64× leaves room for compression.
        let stored = hdf5Unchecked { H5Dget_storage_size(dataset.id) }
        let declared = UInt64(count) &* UInt64(max(bits / 8, 1))
        guard declared <= UInt64(stored) &* 64 &+ 65536 else {
            throw HDF5Error(function: "H5Dget_storage_size", subject: where_,
                            stack: ["the dataset declares \(count) elements but stores only \(stored) bytes"])
        }
        var values = [Double](repeating: 0, count: count)
        if !values.isEmpty {
            _ = try values.withUnsafeMutableBufferPointer { buffer throws(HDF5Error) in
                try hdf5("H5Dread", where_) {
                    H5Dread(dataset.id, chdf5_t_native_double(), chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), buffer.baseAddress)
                }
            }
        }
        return FloatDataset(shape: shape, values: values, storedBits: bits)
    }
}

/// A dataspace (`H5Screate_simple` or `H5Screate(H5S_SCALAR)`), closed with `H5Sclose`.
struct Dataspace {
    let handle: Handle

    init(shape: [Int], for subject: String) throws(HDF5Error) {
        let id: hid_t
        if shape.isEmpty {
            id = try hdf5("H5Screate", subject) { H5Screate(H5S_SCALAR) }
        } else {
            let dims = shape.map { hsize_t($0) }
            id = try hdf5("H5Screate_simple", subject) { H5Screate_simple(Int32(dims.count), dims, nil) }
        }
        handle = Handle(id, close: H5Sclose)
    }

    init(adopting id: hid_t) {
        handle = Handle(id, close: H5Sclose)
    }

    /// The extent: `[]` for a scalar dataspace (`H5Sget_simple_extent_dims`).
    func shape(for subject: String) throws(HDF5Error) -> [Int] {
        let rank = try hdf5("H5Sget_simple_extent_ndims", subject) { H5Sget_simple_extent_ndims(handle.id) }
        guard rank > 0 else { return [] }
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        _ = try hdf5("H5Sget_simple_extent_dims", subject) { H5Sget_simple_extent_dims(handle.id, &dims, nil) }
        return dims.map { Int($0) }
    }
}
