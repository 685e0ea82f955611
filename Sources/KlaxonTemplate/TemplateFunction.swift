public import KlaxonModel

/// The Go parameter type of a template function, which decides what arguments it accepts and how a mismatch
/// is reported (`wrong type for value; expected string; got float64`).
public enum TemplateParameterType: Sendable, Equatable {
    /// `interface{}` (or `reflect.Value`): anything, `nil` included.
    case any
    case string
    case float64
    case int
    case bool
    /// `*template.sample`.
    case sample
    /// `template.queryResult`.
    case queryResult
    /// `time.Duration` (a `*time.Duration` is dereferenced, as Go does).
    case duration
    /// `time.Time` (a `*time.Time` is dereferenced).
    case time

    var goName: String {
        switch self {
        case .any: "interface {}"
        case .string: "string"
        case .float64: "float64"
        case .int: "int"
        case .bool: "bool"
        case .sample: "*template.sample"
        case .queryResult: "template.queryResult"
        case .duration: "time.Duration"
        case .time: "time.Time"
        }
    }

    /// Go's `canBeNil`: whether an untyped `nil` can be passed.
    var canBeNil: Bool {
        switch self {
        case .any, .sample, .queryResult: true
        default: false
        }
    }

    /// The value a `nil` argument becomes.
    var zeroForNil: TemplateValue {
        switch self {
        case .queryResult: .queryResult([])
        default: .missing
        }
    }
}

/// An error returned by a template function. Execution stops and reports it as
/// `error calling NAME: MESSAGE`, as Go does.
public struct TemplateFunctionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }

    /// What Go reports when a function dereferences a nil pointer (the panic `safeCall` turns into an error).
    public static let nilPointer = TemplateFunctionError("runtime error: invalid memory address or nil pointer dereference")
}

/// A function callable from templates: its Go signature and its implementation.
public struct TemplateFunction: Sendable {
    public typealias Body = @Sendable ([TemplateValue], TemplateContext) throws(TemplateFunctionError) -> TemplateValue

    /// Fixed parameters, in order.
    public var parameters: [TemplateParameterType]
    /// The element type of a final `...` parameter, if the function is variadic.
    public var variadic: TemplateParameterType?
    public var body: Body

    public init(_ parameters: [TemplateParameterType], variadic: TemplateParameterType? = nil, body: @escaping Body) {
        self.parameters = parameters
        self.variadic = variadic
        self.body = body
    }
}

/// Resolves PromQL queries for the `query` template function.
public protocol TemplateQuerier: Sendable {
    /// Evaluates `query` at `time` and returns the instant vector. A thrown error's description becomes the
    /// template error text (`error calling query: …`).
    func query(_ query: String, at time: Timestamp) throws -> [Sample]
}

/// Prometheus's external URL as templates see it: the full text (`externalURL`) and its path (`pathPrefix`).
public struct TemplateExternalURL: Sendable, Equatable {
    /// `url.URL.String()`.
    public var string: String
    /// `url.URL.Path` (decoded).
    public var path: String

    /// Splits `string` into its parts; the path is what follows the authority, without query or fragment.
    public init(_ string: String) {
        self.string = string
        var rest = Substring(string)
        if let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://") {
            rest = rest[rest.index(colon, offsetBy: 3)...]
        }
        if let slash = rest.firstIndex(of: "/") {
            rest = rest[slash...]
        } else {
            rest = ""
        }
        if let q = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<q] }
        path = GoURL.unescapePath(String(rest))
    }

    public init(string: String, path: String) {
        self.string = string
        self.path = path
    }
}

/// What template functions may use besides their arguments: the evaluation time (`now`, `query`), the querier
/// and the external URL. Prometheus leaves the URL unset in `promtool test rules`, where `externalURL` and
/// `pathPrefix` then fail with a nil-pointer error, as in Go.
public struct TemplateContext: Sendable {
    /// Evaluation time in milliseconds since the epoch.
    public var time: Timestamp
    public var querier: (any TemplateQuerier)?
    public var externalURL: TemplateExternalURL?

    public init(time: Timestamp = 0, querier: (any TemplateQuerier)? = nil, externalURL: TemplateExternalURL? = nil) {
        self.time = time
        self.querier = querier
        self.externalURL = externalURL
    }
}

/// A set of named template functions (Go's `FuncMap`). The builtins (`and`, `printf`, `eq`, …) are always
/// available; functions here take precedence over them, as in Go.
public struct TemplateFunctions: Sendable {
    public var functions: [String: TemplateFunction]

    public init(_ functions: [String: TemplateFunction] = [:]) { self.functions = functions }

    /// Adds or replaces functions (Prometheus's `Expander.Funcs`).
    public mutating func merge(_ other: [String: TemplateFunction]) {
        functions.merge(other) { _, new in new }
    }

    func contains(_ name: String) -> Bool { functions[name] != nil || Builtins.names.contains(name) }
}
