import KlaxonModel

extension Expr: CustomStringConvertible {
    /// Canonical PromQL text, as Prometheus's `String()` prints it: `sum by (job) (rate(x[5m]))`.
    /// Parsing the text again gives the same tree (up to text ranges and the `by ()`/`ignoring ()` flags).
    public var description: String {
        switch self {
        case .number(let n): Printer.number(n)
        case .string(let s): GoQuote.quote(s.value)
        case .vectorSelector(let v): Printer.selector(v)
        case .matrixSelector(let m): Printer.matrix(m)
        case .subquery(let s): Printer.subquery(s)
        case .call(let c): c.function.rawValue + "(" + c.args.map(\.description).joined(separator: ", ") + ")"
        case .aggregate(let a): Printer.aggregate(a)
        case .binary(let b): Printer.binary(b)
        case .unary(let u): (u.negate ? "-" : "+") + u.expr.description
        case .paren(let p): "(" + p.expr.description + ")"
        }
    }
}

extension DurationExpr: CustomStringConvertible {
    /// Prometheus's text for a duration expression: `5m`, `-1h`, `1h / 2`, `min_of(step(), 1s)`, `(step())`.
    public var description: String {
        switch self {
        case .literal(let ms): ms < 0 ? "-" + Printer.duration(ms == .min ? .max : -ms) : Printer.duration(ms)
        case .number(let v): GoFloat.formatAPI(v)
        case .step: "step()"
        case .range: "range()"
        case .minOf(let a, let b): "min_of(\(a), \(b))"
        case .maxOf(let a, let b): "max_of(\(a), \(b))"
        case .negate(let e): "-\(e)"
        case .binary(let op, let a, let b): "\(a) \(op.rawValue) \(b)"
        case .paren(let e): "(\(e))"
        }
    }
}

/// The pieces of Prometheus's `printer.go`.
enum Printer {
    static func number(_ n: NumberLiteral) -> String {
        guard n.isDuration else { return GoFloat.formatAPI(n.value) }
        // model.Duration(v * 1e9): float seconds to integer nanoseconds (truncated), then whole milliseconds.
        func ms(_ seconds: Double) -> Int64 {
            let nanos = seconds * 1e9
            guard nanos.isFinite, abs(nanos) < 9.2e18 else { return nanos < 0 ? .min / 1_000_000 : .max / 1_000_000 }
            return Int64(nanos) / 1_000_000
        }
        return n.value < 0 ? "-" + duration(ms(-n.value)) : duration(ms(n.value))
    }

    /// `model.Duration.String()`: `1h30m`, `0s`, `90d` (years and weeks only when they divide exactly).
    static func duration(_ milliseconds: Int64) -> String {
        var ms = milliseconds
        if ms == 0 { return "0s" }
        var out = ""
        let units: [(String, Int64, Bool)] = [
            ("y", 365 * 24 * 3600 * 1000, true), ("w", 7 * 24 * 3600 * 1000, true), ("d", 24 * 3600 * 1000, false),
            ("h", 3600 * 1000, false), ("m", 60 * 1000, false), ("s", 1000, false), ("ms", 1, false),
        ]
        for (suffix, size, exact) in units {
            if exact && ms % size != 0 { continue }
            let count = ms / size
            if count > 0 {
                out += String(count) + suffix
                ms -= count * size
            }
        }
        return out
    }

    /// `%.3f` of a millisecond timestamp in seconds, computed exactly.
    static func timestamp(_ ms: Int64) -> String {
        let magnitude = ms.magnitude
        let frac = String(magnitude % 1000)
        return (ms < 0 ? "-" : "") + String(magnitude / 1000) + "."
            + String(repeating: "0", count: 3 - frac.count) + frac
    }

    static func at(_ at: AtModifier?) -> String {
        switch at {
        case .timestamp(let t): " @ " + timestamp(t)
        case .start: " @ start()"
        case .end: " @ end()"
        case nil: ""
        }
    }

    static func offset(_ offset: DurationExpr?) -> String {
        guard let offset else { return "" }
        if case .literal(0) = offset { return "" }
        return " offset " + offsetText(offset)
    }

    /// An unparenthesised arithmetic offset only comes from `offset (2) * 2`: Prometheus drops the
    /// parentheses around the literal and prints `offset 2 * 2`, which reads back as `(x offset 2) * 2`.
    /// Klaxon puts them back around the leftmost literal so the text parses to the same tree.
    private static func offsetText(_ e: DurationExpr) -> String {
        guard case .binary(let op, let lhs, let rhs) = e else { return e.description }
        let left: String
        switch lhs {
        case .literal, .number: left = "(\(lhs))"
        case .binary: left = offsetText(lhs)
        default: left = lhs.description
        }
        return "\(left) \(op.rawValue) \(rhs)"
    }

    /// Name, then matchers (without the one for the written name) sorted as text.
    static func selectorBody(_ v: VectorSelector) -> String {
        let name = v.name ?? ""
        var matchers: [String] = []
        for m in v.matchers {
            if m.name == WellKnown.metricName, m.type == .equal, m.value == name, !m.value.isEmpty { continue }
            matchers.append(m.description)
        }
        // A selector with neither name nor matchers (allowed as info()'s data-label selector) prints as `{}`.
        guard !matchers.isEmpty else { return name.isEmpty ? "{}" : name }
        matchers.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return name + "{" + matchers.joined(separator: ",") + "}"
    }

    static func selector(_ v: VectorSelector) -> String {
        var out = selectorBody(v) + at(v.at)
        if v.anchored {
            out += " anchored"
        } else if v.smoothed {
            out += " smoothed"
        }
        return out + offset(v.offset)
    }

    static func matrix(_ m: MatrixSelector) -> String {
        let modifier = m.anchored ? " anchored" : (m.smoothed ? " smoothed" : "")
        return selectorBody(m.selector) + "[\(m.window)]" + modifier + at(m.selector.at) + offset(m.selector.offset)
    }

    static func subquery(_ s: SubqueryExpr) -> String {
        "\(s.expr)[\(s.window):\(s.step.map(\.description) ?? "")]" + at(s.at) + offset(s.offset)
    }

    static func labelList(_ labels: [String]) -> String {
        labels.map { Labels.isValidLegacyLabelName($0) ? $0 : GoQuote.quote($0) }.joined(separator: ", ")
    }

    static func aggregate(_ a: AggregateExpr) -> String {
        var out = a.op.rawValue
        if a.without {
            out += " without (\(labelList(a.grouping))) "
        } else if !a.grouping.isEmpty {
            out += " by (\(labelList(a.grouping))) "
        }
        out += "("
        if let param = a.param { out += param.description + ", " }
        return out + a.expr.description + ")"
    }

    static func binary(_ b: BinaryExpr) -> String {
        var out = b.lhs.description + " " + b.op.rawValue + (b.returnBool ? " bool" : "")
        if let vm = b.matching {
            let grouped = vm.cardinality == .manyToOne || vm.cardinality == .oneToMany
            if !vm.matchingLabels.isEmpty || vm.on || grouped {
                out += (vm.on ? " on (" : " ignoring (") + labelList(vm.matchingLabels) + ")"
            }
            if grouped {
                out += (vm.cardinality == .manyToOne ? " group_left (" : " group_right (") + labelList(vm.include) + ")"
            }
            switch (vm.fillLeft, vm.fillRight) {
            case (let l?, let r?) where l == r: out += " fill (\(GoFloat.formatV(l)))"
            default:
                if let l = vm.fillLeft { out += " fill_left (\(GoFloat.formatV(l)))" }
                if let r = vm.fillRight { out += " fill_right (\(GoFloat.formatV(r)))" }
            }
        }
        return out + " " + b.rhs.description
    }
}
