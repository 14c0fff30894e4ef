/// One owned allocation of Floats, zero-initialised unless asked otherwise (parameters, gradients, moments,
/// activations). Freed in `deinit`; views into it are plain pointers with offsets.
final class FloatBuffer {
    let count: Int
    let pointer: UnsafeMutablePointer<Float>

    init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(1, count))
        pointer.initialize(repeating: 0, count: max(1, count))
    }

    /// Uninitialised contents, for buffers every user writes before reading (activations):
    /// no pass over memory that is about to be overwritten.
    init(uninitialized count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(1, count))
    }

    deinit { pointer.deallocate() }

    func zero() { pointer.update(repeating: 0, count: count) }

    /// A copy of the contents as an array (tests, checkpoints).
    var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
}

/// Same, for token ids.
final class TokenBuffer {
    let count: Int
    let pointer: UnsafeMutablePointer<Int32>

    init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(1, count))
        pointer.initialize(repeating: 0, count: max(1, count))
    }

    deinit { pointer.deallocate() }
}
