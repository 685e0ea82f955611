/// Interned label strings: each distinct name or value is stored once and referred to by a 32-bit symbol.
struct SymbolTable: Sendable {
    private(set) var strings: [String] = []
    private var ids: [String: UInt32] = [:]
    /// Approximate heap bytes held (string bytes plus per-entry bookkeeping).
    private(set) var approximateBytes = 0

    init() {}

    var count: Int { strings.count }

    /// The symbol of `s`, adding it when new.
    mutating func intern(_ s: String) -> UInt32 {
        if let id = ids[s] { return id }
        let id = UInt32(strings.count)
        strings.append(s)
        ids[s] = id
        // the array slot and dictionary entry (2 × 16 bytes plus a 4-byte value), and out-of-line bytes
        approximateBytes += 16 + 20 + (s.utf8.count > 15 ? s.utf8.count + 32 : 0)
        return id
    }

    /// The symbol of `s` if it is interned.
    func lookup(_ s: String) -> UInt32? { ids[s] }

    subscript(symbol: UInt32) -> String { strings[Int(symbol)] }
}
