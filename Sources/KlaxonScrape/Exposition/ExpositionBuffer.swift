/// An immutable copy of an exposition body with a stable base pointer, so the parser scans it without bounds
/// checks or reference counting per byte. Freed when the last parser holding it goes away.
final class ExpositionBuffer {
    let base: UnsafeMutablePointer<UInt8>
    let count: Int

    /// Copies `bytes`, adding a final newline when `appendingNewline` (Prometheus's text parser does the same, so
    /// a body without a trailing newline still parses).
    init(_ bytes: UnsafeBufferPointer<UInt8>, appendingNewline: Bool) {
        count = bytes.count + (appendingNewline ? 1 : 0)
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: max(count, 1))
        if let source = bytes.baseAddress, bytes.count > 0 { base.update(from: source, count: bytes.count) }
        if appendingNewline { base[count - 1] = UInt8(ascii: "\n") }
    }

    deinit { base.deallocate() }
}
