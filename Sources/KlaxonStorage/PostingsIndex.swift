/// The inverted index: label name symbol → label value symbol → sorted series ids.
struct PostingsIndex: Sendable {
    private(set) var byName: [UInt32: [UInt32: [UInt32]]] = [:]
    /// Total ids over all lists.
    private(set) var entryCount = 0
    /// Number of (name, value) lists.
    private(set) var listCount = 0

    init() {}

    /// Adds `id`, which must be larger than every id already in the list, so lists stay sorted.
    mutating func add(_ id: UInt32, name: UInt32, value: UInt32) {
        var created = false
        byName[name, default: [:]][
            value,
            default: {
                created = true; return []
            }()
        ].append(id)
        if created { listCount += 1 }
        entryCount += 1
    }

    func postings(name: UInt32, value: UInt32) -> [UInt32] { byName[name]?[value] ?? [] }

    func values(of name: UInt32) -> [UInt32: [UInt32]]? { byName[name] }

    /// Removes the sorted ids `dead` from one list, dropping the list (and the name) when it empties.
    mutating func remove(_ dead: [UInt32], name: UInt32, value: UInt32) {
        guard var values = byName[name], let list = values[value] else { return }
        let kept = Postings.subtract(list, dead)
        entryCount -= list.count - kept.count
        if kept.isEmpty {
            values[value] = nil
            listCount -= 1
        } else {
            values[value] = kept
        }
        byName[name] = values.isEmpty ? nil : values
    }

    /// Approximate heap bytes: 4 per id plus array and dictionary overheads per list.
    var approximateBytes: Int { entryCount * 4 + listCount * 72 + byName.count * 64 }
}
