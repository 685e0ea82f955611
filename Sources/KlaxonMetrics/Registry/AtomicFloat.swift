import Synchronization

/// A `Double` stored as its bit pattern in an `Atomic<UInt64>`: loads and stores are single atomic
/// operations, and `add` is a compare-and-swap loop, so no lock is ever taken.
struct AtomicFloat: ~Copyable, Sendable {
    private let bits: Atomic<UInt64>

    init(_ value: Double) { bits = Atomic(value.bitPattern) }

    @inline(__always) func load() -> Double { Double(bitPattern: bits.load(ordering: .relaxed)) }

    @inline(__always) func store(_ value: Double) { bits.store(value.bitPattern, ordering: .relaxed) }

    /// Adds `delta` with a CAS loop on the bit pattern (retries only when another thread won the race).
    @inline(__always) func add(_ delta: Double) {
        var current = bits.load(ordering: .relaxed)
        while true {
            let desired = (Double(bitPattern: current) + delta).bitPattern
            let (exchanged, original) = bits.weakCompareExchange(
                expected: current,
                desired: desired,
                ordering: .relaxed
            )
            if exchanged { return }
            current = original
        }
    }
}
