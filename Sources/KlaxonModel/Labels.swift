/// One name/value pair of a label set.
public struct Label: Hashable, Comparable, Sendable {
    public var name: String
    public var value: String

    @inlinable public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    public static func < (a: Label, b: Label) -> Bool {
        if a.name != b.name { return UTF8Order.compare(a.name, b.name) < 0 }
        return UTF8Order.compare(a.value, b.value) < 0
    }
}

/// A set of labels identifying a series, kept sorted by name (byte order) with unique names and no empty values.
///
/// The value semantics follow Prometheus's `labels.Labels`: ordering compares name then value pair by pair
/// (byte-wise), and a shorter set that is a prefix of a longer one sorts first.
public struct Labels: Hashable, Sendable, Comparable, RandomAccessCollection, CustomStringConvertible {
    public private(set) var storage: [Label]

    /// The empty label set.
    public init() { storage = [] }

    /// Builds a label set from pairs in any order. Empty values are dropped (a label with an empty value
    /// does not exist in Prometheus); for a repeated name the last value wins.
    public init(_ labels: [Label]) {
        var sorted = labels.filter { !$0.value.isEmpty }
        sorted.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        var out: [Label] = []
        out.reserveCapacity(sorted.count)
        for label in sorted {
            if let last = out.last, last.name == label.name {
                out[out.count - 1] = label
            } else {
                out.append(label)
            }
        }
        storage = out
    }

    /// Builds a label set from a dictionary.
    public init(_ dictionary: [String: String]) {
        self.init(dictionary.map { Label($0.key, $0.value) })
    }

    /// Wraps labels already sorted by name, unique and non-empty (checked in debug builds).
    public init(sortedUnchecked labels: [Label]) {
        assert(zip(labels, labels.dropFirst()).allSatisfy { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) })
        storage = labels
    }

    public var startIndex: Int { storage.startIndex }
    public var endIndex: Int { storage.endIndex }
    public subscript(position: Int) -> Label { storage[position] }

    /// The value of label `name`, or "" when absent (Prometheus's `Get`).
    public subscript(name: String) -> String {
        if let i = index(ofName: name) { return storage[i].value }
        return ""
    }

    /// True when a label with this name exists.
    public func has(_ name: String) -> Bool { index(ofName: name) != nil }

    /// The metric name (`__name__`), or "" when absent.
    public var metricName: String { self[WellKnown.metricName] }

    /// Position of `name` by binary search.
    public func index(ofName name: String) -> Int? {
        var low = 0
        var high = storage.count
        while low < high {
            let mid = (low + high) / 2
            let candidate = storage[mid].name
            if candidate == name { return mid }
            if candidate.utf8.lexicographicallyPrecedes(name.utf8) { low = mid + 1 } else { high = mid }
        }
        return nil
    }

    /// Sets `name` to `value`; an empty value removes the label.
    public mutating func set(_ name: String, _ value: String) {
        if let i = index(ofName: name) {
            if value.isEmpty { storage.remove(at: i) } else { storage[i].value = value }
            return
        }
        guard !value.isEmpty else { return }
        let insertAt = storage.firstIndex { name.utf8.lexicographicallyPrecedes($0.name.utf8) } ?? storage.count
        storage.insert(Label(name, value), at: insertAt)
    }

    /// Returns a copy with `name` set to `value` (removed when `value` is empty).
    public func setting(_ name: String, _ value: String) -> Labels {
        var copy = self
        copy.set(name, value)
        return copy
    }

    /// Removes the labels whose names are in `names`.
    public mutating func remove(_ names: Set<String>) {
        storage.removeAll { names.contains($0.name) }
    }

    /// Removes one label.
    public mutating func remove(_ name: String) {
        if let i = index(ofName: name) { storage.remove(at: i) }
    }

    /// A copy without the metric name.
    public var droppingMetricName: Labels {
        var copy = self
        copy.remove(WellKnown.metricName)
        return copy
    }

    /// Keeps only the labels whose names are in `names`.
    public func keeping(_ names: Set<String>) -> Labels {
        Labels(sortedUnchecked: storage.filter { names.contains($0.name) })
    }

    /// Removes the labels whose names are in `names`.
    public func removing(_ names: Set<String>) -> Labels {
        Labels(sortedUnchecked: storage.filter { !names.contains($0.name) })
    }

    /// Prometheus's text form: `name{a="b", c="d"}` (values Go-quoted), `{}` when empty.
    public var description: String {
        var name = ""
        var body: [String] = []
        for label in storage {
            if label.name == WellKnown.metricName && Labels.isValidLegacyMetricName(label.value) {
                name = label.value
            } else {
                body.append("\(Labels.formatLabelName(label.name))=\(GoQuote.quote(label.value))")
            }
        }
        if !name.isEmpty && body.isEmpty { return name }
        return name + "{" + body.joined(separator: ", ") + "}"
    }

    /// Map form, convenient for JSON output.
    public var dictionary: [String: String] {
        var out: [String: String] = [:]
        for label in storage { out[label.name] = label.value }
        return out
    }

    public static func < (a: Labels, b: Labels) -> Bool {
        compare(a, b) < 0
    }

    /// Prometheus's `labels.Compare`: name then value per pair, byte-wise; a prefix sorts first.
    public static func compare(_ a: Labels, _ b: Labels) -> Int {
        a.storage.withUnsafeBufferPointer { x in
            b.storage.withUnsafeBufferPointer { y in
                for i in 0..<Swift.min(x.count, y.count) {
                    // Equality first: most pairs are equal, and equal strings sharing storage compare in one step.
                    if x[i].name != y[i].name { return UTF8Order.compare(x[i].name, y[i].name) }
                    if x[i].value != y[i].value { return UTF8Order.compare(x[i].value, y[i].value) }
                }
                return x.count - y.count
            }
        }
    }

    /// True for names matching `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    public static func isValidLegacyMetricName(_ name: String) -> Bool {
        guard !name.isEmpty else { return false }
        for (i, c) in name.utf8.enumerated() {
            let ok = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95 || c == 58 || (i > 0 && c >= 48 && c <= 57)
            if !ok { return false }
        }
        return true
    }

    /// True for names matching `[a-zA-Z_][a-zA-Z0-9_]*`.
    public static func isValidLegacyLabelName(_ name: String) -> Bool {
        guard !name.isEmpty else { return false }
        for (i, c) in name.utf8.enumerated() {
            let ok = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95 || (i > 0 && c >= 48 && c <= 57)
            if !ok { return false }
        }
        return true
    }

    static func formatLabelName(_ name: String) -> String {
        isValidLegacyLabelName(name) ? name : GoQuote.quote(name)
    }
}

extension Labels: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements.map { Label($0.0, $0.1) })
    }
}
