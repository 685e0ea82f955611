/// A scalar resolved the way Go's YAML decoders resolve it (yaml.v2 or yaml.v3, see `YAMLDialect`).
///
/// Quoted and block (`|`, `>`) scalars are always strings. Plain scalars:
/// - null: empty, `~`, `null`, `Null`, `NULL`
/// - bool: `true True TRUE false False FALSE`; in v2 also `y Y yes Yes YES on On ON n N no No NO off Off OFF`
/// - int: Go's `strconv.ParseInt(s, 0, 64)` after removing every `_`: decimal, `0x1F`, `0o17`, `017` (octal),
///   `0b101`, with a sign; too large for Int64 but fitting UInt64 gives `.uint`
/// - float: `.inf .Inf .INF` (optionally signed), `.nan .NaN .NAN`, and `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)`
///   with an optional exponent (so `1e3`, `.5`, `1.`, and `08`, which is not valid octal, are floats);
///   a magnitude that overflows a Double is a string, as in Go
/// - timestamp: `2006-1-2`, `2006-1-2T15:4:5.999Z07:00` (`t` too) and `2006-1-2 15:4:5.999`
/// - anything else is a string.
/// An explicit tag decides: `!!str` is a string, a custom tag (`!foo`) keeps the text as a string.
public enum YAMLScalarValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    /// An integer above `Int64.max` (Go resolves it to `uint64`).
    case uint(UInt64)
    case float(Double)
    /// The text of a value Go would resolve to a `time.Time`.
    case timestamp(String)
    case string(String)

    /// The short tag Go prints for this value in errors (`!!int`, `!!str`).
    public var tag: String {
        switch self {
        case .null: "!!null"
        case .bool: "!!bool"
        case .int, .uint: "!!int"
        case .float: "!!float"
        case .timestamp: "!!timestamp"
        case .string: "!!str"
        }
    }

    /// Resolves a scalar's text as Go's decoder for `dialect` would.
    public static func resolve(_ scalar: YAMLScalar, tag: String? = nil, dialect: YAMLDialect) -> YAMLScalarValue {
        let value = scalar.value
        if let tag {
            switch tag {
            case "tag:yaml.org,2002:str", "tag:yaml.org,2002:binary": return .string(value)
            case "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
                "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge":
                return resolvePlain(value, dialect: dialect)
            case "tag:yaml.org,2002:float":
                let resolved = resolvePlain(value, dialect: dialect)
                if case .int(let i) = resolved { return .float(Double(i)) }
                if case .uint(let u) = resolved { return .float(Double(u)) }
                return resolved
            default: return .string(value)
            }
        }
        guard scalar.style == .plain else { return .string(value) }
        return resolvePlain(value, dialect: dialect)
    }

    static func resolvePlain(_ value: String, dialect: YAMLDialect) -> YAMLScalarValue {
        guard let first = value.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"),
            UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "o"), UInt8(ascii: "O"),
            UInt8(ascii: "~"):
            return lookup(value, dialect: dialect) ?? .string(value)
        case UInt8(ascii: "."):
            if let special = lookup(value, dialect: dialect) { return special }
            let utf8 = value[...].utf8
            if GoNumberSyntax.isYAMLStyleFloat(utf8), let float = GoNumberSyntax.parseDecimalFloat(value[...]) {
                return .float(float)
            }
            return .string(value)
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if let special = lookup(value, dialect: dialect) { return special }
            if GoTimestampSyntax.isTimestamp(value.utf8) { return .timestamp(value) }
            let plain = value.utf8.contains(UInt8(ascii: "_")) ? value.removingUnderscores() : value
            let utf8 = plain[...].utf8
            if let int = GoNumberSyntax.parseInt(utf8) { return .int(int) }
            if let uint = GoNumberSyntax.parseUInt(utf8) { return .uint(uint) }
            if GoNumberSyntax.isYAMLStyleFloat(utf8), let float = GoNumberSyntax.parseDecimalFloat(plain[...]) {
                return .float(float)
            }
            // ParseInt already took `0b…`, `0o…` and their negative forms, which Go retries separately.
            return .string(value)
        default:
            return .string(value)
        }
    }

    private static func lookup(_ value: String, dialect: YAMLDialect) -> YAMLScalarValue? {
        switch value {
        case "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        default:
            guard dialect == .goYAMLv2 else { return nil }
            if let word = yaml11Bool(value) { return .bool(word) }
            return nil
        }
    }

    /// The YAML 1.1 boolean words Go accepts besides true/false (v2 resolves them; v3 accepts them only when
    /// decoding into a bool).
    static func yaml11Bool(_ value: String) -> Bool? {
        switch value {
        case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON": true
        case "n", "N", "no", "No", "NO", "off", "Off", "OFF": false
        default: nil
        }
    }

    /// Equality that treats two NaNs as equal, for tests.
    public static func == (a: YAMLScalarValue, b: YAMLScalarValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.int(let x), .int(let y)): x == y
        case (.uint(let x), .uint(let y)): x == y
        case (.float(let x), .float(let y)): x == y || (x.isNaN && y.isNaN)
        case (.timestamp(let x), .timestamp(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        default: false
        }
    }
}

extension String {
    /// Go's `strings.Replace(s, "_", "", -1)`.
    fileprivate func removingUnderscores() -> String {
        String(decoding: utf8.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
    }
}
