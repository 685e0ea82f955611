public import KlaxonModel
public import KlaxonStorage

/// Klaxon's real in-memory store (`MemoryStorage`) as a conformance store, so the scripts exercise storage and
/// engine together. This is the runner's default; `ScriptStore` is the minimal alternative.
public struct HeadStore: ConformanceStore {
    public let storage: MemoryStorage

    public init(storage: MemoryStorage = MemoryStorage()) { self.storage = storage }

    public mutating func append(_ labels: Labels, t: Timestamp, v: Double) throws {
        try storage.append(labels, t: t, v: v)
    }

    public mutating func reset() { storage.reset() }

    public func select(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws -> [SeriesSamples] {
        try storage.select(matchers, mint: mint, maxt: maxt)
    }

    public func labelNames(matching: [[LabelMatcher]], mint: Timestamp, maxt: Timestamp) throws -> [String] {
        try storage.labelNames(matching: matching, mint: mint, maxt: maxt)
    }

    public func labelValues(_ name: String, matching: [[LabelMatcher]], mint: Timestamp, maxt: Timestamp) throws -> [String] {
        try storage.labelValues(name, matching: matching, mint: mint, maxt: maxt)
    }
}

/// Which store the runner loads scripts into.
public enum ConformanceStoreKind: String, Sendable, CaseIterable {
    /// Klaxon's `MemoryStorage` (the default).
    case memory
    /// The minimal `ScriptStore`, independent of KlaxonStorage.
    case script

    /// A factory of empty stores of this kind.
    public var factory: @Sendable () -> any ConformanceStore {
        switch self {
        case .memory: { HeadStore() }
        case .script: { ScriptStore() }
        }
    }
}
