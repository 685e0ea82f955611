public import KlaxonModel

/// A value flowing through template execution. Each case stands for the Go type Prometheus would have there,
/// because that type decides how `printf` formats it and how errors name it (`wrong type for value; expected
/// string; got float64`).
public enum TemplateValue: Sendable, Equatable {
    /// Go's zero `reflect.Value`: printed by an action as `<no value>`, passed to functions as `nil`.
    case missing
    case bool(Bool)
    /// A Go integer; `type` distinguishes `int`, `int64`, `uint8` and the integer-backed `time` types.
    case int(Int64, type: GoIntType = .int)
    /// A Go `float64`.
    case float(Double)
    /// A Go `complex128` (only from complex literals such as `1+2i`).
    case complex(Double, Double)
    case string(String)
    /// `html/template.HTML`, returned by `safeHtml`.
    case html(String)
    /// A Go `map[string]string`, such as `$labels`.
    case labels(Labels)
    /// A Go `map[string]interface {}`, such as the result of `args`.
    case map([String: TemplateValue])
    /// A Go `[]interface {}`.
    case list([TemplateValue])
    /// Prometheus's `*template.sample` (an element of a `query` result).
    case sample(TemplateSample)
    /// Prometheus's `template.queryResult`, the result of `query`.
    case queryResult([TemplateSample])
    /// A Go `time.Time` (or `*time.Time` when `pointer`, as `toTime` returns).
    case time(GoTime, pointer: Bool)
    /// A Go `*time.Duration`, as `toDuration` returns (a plain `time.Duration` is `.int(_, type: .duration)`).
    case durationPointer(Int64)
    /// The data Prometheus passes to alert templates (`.Labels`, `.ExternalLabels`, `.ExternalURL`, `.Value`).
    case alert(AlertTemplateData)
}

/// The Go integer types a template value can have.
public enum GoIntType: Sendable, Equatable {
    case int, int64, uint8
    /// `time.Month` (prints as `January`).
    case month
    /// `time.Weekday` (prints as `Sunday`).
    case weekday
    /// `time.Duration` in nanoseconds (prints as `1m30s`).
    case duration

    var goName: String {
        switch self {
        case .int: "int"
        case .int64: "int64"
        case .uint8: "uint8"
        case .month: "time.Month"
        case .weekday: "time.Weekday"
        case .duration: "time.Duration"
        }
    }

    var isUnsigned: Bool { self == .uint8 }
}

/// One element of a `query` result: Prometheus's `sample{Labels map[string]string; Value interface{}}`.
public struct TemplateSample: Sendable, Equatable {
    public var labels: Labels
    public var value: Double

    public init(labels: Labels, value: Double) {
        self.labels = labels
        self.value = value
    }
}

/// The data of an alert template (Prometheus's `AlertTemplateData`).
public struct AlertTemplateData: Sendable, Equatable {
    /// The alert's labels (`$labels`).
    public var labels: Labels
    /// The configured external labels (`$externalLabels`).
    public var externalLabels: Labels
    /// The configured external URL (`$externalURL`).
    public var externalURL: String
    /// The sample value of the alert (`$value`).
    public var value: Double

    public init(labels: Labels, externalLabels: Labels = Labels(), externalURL: String = "", value: Double) {
        self.labels = labels
        self.externalLabels = externalLabels
        self.externalURL = externalURL
        self.value = value
    }

    static let goTypeName =
        "struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }"
}

extension TemplateValue {
    /// Go's `reflect.Type.String()` of the value (`float64`, `map[string]string`, `*template.sample`, …).
    var goTypeName: String {
        switch self {
        case .missing: "<nil>"
        case .bool: "bool"
        case .int(_, let type): type.goName
        case .float: "float64"
        case .complex: "complex128"
        case .string: "string"
        case .html: "template.HTML"
        case .labels: "map[string]string"
        case .map: "map[string]interface {}"
        case .list: "[]interface {}"
        case .sample: "*template.sample"
        case .queryResult: "template.queryResult"
        case .time(_, let pointer): pointer ? "*time.Time" : "time.Time"
        case .durationPointer: "*time.Duration"
        case .alert: AlertTemplateData.goTypeName
        }
    }

    /// Go's `reflect.Kind` family, which decides comparisons and truth.
    enum Kind {
        case invalid, bool, int, uint, float, complex, string, map, slice, pointer, `struct`
    }

    var kind: Kind {
        switch self {
        case .missing: .invalid
        case .bool: .bool
        case .int(_, let type): type.isUnsigned ? .uint : .int
        case .float: .float
        case .complex: .complex
        case .string, .html: .string
        case .labels, .map: .map
        case .list, .queryResult: .slice
        case .sample, .durationPointer: .pointer
        case .time(_, let pointer): pointer ? .pointer : .struct
        case .alert: .struct
        }
    }

    /// Go's `isTrue`: the zero value of a type is false; structs and non-nil pointers are true.
    var isTrue: Bool {
        switch self {
        case .missing: false
        case .bool(let b): b
        case .int(let i, _): i != 0
        case .float(let f): f != 0
        case .complex(let r, let i): r != 0 || i != 0
        case .string(let s), .html(let s): !s.isEmpty
        case .labels(let l): !l.isEmpty
        case .map(let m): !m.isEmpty
        case .list(let l): !l.isEmpty
        case .queryResult(let q): !q.isEmpty
        case .sample, .durationPointer, .time, .alert: true
        }
    }

    /// True for Go strings (including named string types), as `fmt.Sprint` decides where to put spaces.
    var isStringKind: Bool { kind == .string }
}
