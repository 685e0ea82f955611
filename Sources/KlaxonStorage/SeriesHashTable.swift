/// Open-addressing hash table from a label set's hash to series ids (linear probing, backward-shift
/// deletion). It stores the full 64-bit hash next to each id and leaves the final equality test to the
/// caller, so two label sets whose hashes collide simply occupy two slots and are told apart by labels.
struct SeriesHashTable: Sendable {
    private var hashes: [UInt64]
    /// `id + 1`, or 0 for an empty slot.
    private var slots: [UInt32]
    private(set) var count = 0
    private var mask: Int

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        hashes = [UInt64](repeating: 0, count: size)
        slots = [UInt32](repeating: 0, count: size)
        mask = size - 1
    }

    /// Bytes held by the table.
    var approximateBytes: Int { slots.count * 12 }

    @inline(__always) private func home(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash) & mask }

    /// The id stored under `hash` for which `matches` holds.
    func find(_ hash: UInt64, where matches: (UInt32) -> Bool) -> UInt32? {
        var i = home(hash)
        while true {
            let slot = slots[i]
            if slot == 0 { return nil }
            if hashes[i] == hash && matches(slot - 1) { return slot - 1 }
            i = (i + 1) & mask
        }
    }

    mutating func insert(_ hash: UInt64, id: UInt32) {
        if (count + 1) * 10 > slots.count * 7 { grow() }
        var i = home(hash)
        while slots[i] != 0 { i = (i + 1) & mask }
        hashes[i] = hash
        slots[i] = id + 1
        count += 1
    }

    /// Removes the entry for (`hash`, `id`) if present.
    mutating func remove(_ hash: UInt64, id: UInt32) {
        var i = home(hash)
        while true {
            let slot = slots[i]
            if slot == 0 { return }
            if slot == id + 1 { break }
            i = (i + 1) & mask
        }
        // Backward shift: pull later entries of the probe run into the hole when their home allows it.
        var hole = i
        var j = i
        while true {
            j = (j + 1) & mask
            if slots[j] == 0 { break }
            let k = home(hashes[j])
            let movable = hole <= j ? (k <= hole || k > j) : (k <= hole && k > j)
            if movable {
                hashes[hole] = hashes[j]
                slots[hole] = slots[j]
                hole = j
            }
        }
        slots[hole] = 0
        hashes[hole] = 0
        count -= 1
    }

    private mutating func grow() {
        let oldHashes = hashes
        let oldSlots = slots
        let size = oldSlots.count * 2
        hashes = [UInt64](repeating: 0, count: size)
        slots = [UInt32](repeating: 0, count: size)
        mask = size - 1
        count = 0
        for (i, slot) in oldSlots.enumerated() where slot != 0 {
            var j = home(oldHashes[i])
            while slots[j] != 0 { j = (j + 1) & mask }
            hashes[j] = oldHashes[i]
            slots[j] = slot
            count += 1
        }
    }
}
