import CHDF5

/// Owns one HDF5 identifier and releases it with the matching close function
/// (`H5Fclose`, `H5Gclose`, `H5Dclose`, ...) when the last reference goes.
final class Handle: @unchecked Sendable {
    let id: hid_t
    private let close: (hid_t) -> herr_t

    init(_ id: hid_t, close: @escaping (hid_t) -> herr_t) {
        self.id = id
        self.close = close
    }

    deinit {
        let (id, close) = (self.id, self.close)
        _ = hdf5Unchecked { close(id) }
    }
}
