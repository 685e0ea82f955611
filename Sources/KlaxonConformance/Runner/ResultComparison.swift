import KlaxonEngine
import KlaxonModel
import KlaxonPromQL
import KlaxonStorage

/// Why an eval did not meet its expectations: what it expected and what it got, both short.
public struct Mismatch: Error, Sendable, Equatable, CustomStringConvertible {
    public var expected: String
    public var got: String

    public init(expected: String, got: String) {
        self.expected = expected
        self.got = got
    }

    public var description: String { "expected \(expected), got \(got)" }
}

/// Section 1.5 of the conformance README: comparing a query's outcome with an eval's expectations.
enum ResultComparison {
    /// Checks a failed query against the eval.
    static func checkFailure(_ message: String, for eval: EvalCommand) -> Mismatch? {
        guard eval.expectsFailure else { return Mismatch(expected: "success", got: "error: \(message)") }
        guard eval.failMatcher.matches(message) else {
            return Mismatch(expected: "error \(eval.failMatcher)", got: "error: \(message)")
        }
        return nil
    }

    /// Checks a successful query: failure expectation, annotations, then the value.
    static func check(_ result: QueryResult, for eval: EvalCommand) -> Mismatch? {
        if eval.expectsFailure {
            let matcher = eval.failMatcher == .any ? "an error" : "error \(eval.failMatcher)"
            return Mismatch(expected: matcher, got: "success (\(summary(of: result.value)))")
        }
        if let m = checkAnnotations(result.annotations, for: eval) { return m }
        return checkValue(result.value, for: eval)
    }

    // MARK: - Annotations

    static func checkAnnotations(_ annotations: Annotations, for eval: EvalCommand) -> Mismatch? {
        if let m = checkKind(
            "warn", actual: annotations.warnings, expected: eval.warnings, required: eval.requiresWarning, forbidden: eval.noWarnings)
        {
            return m
        }
        return checkKind("info", actual: annotations.infos, expected: eval.infos, required: eval.requiresInfo, forbidden: eval.noInfos)
    }

    private static func checkKind(
        _ kind: String, actual: [String], expected: [MessageMatcher], required: Bool, forbidden: Bool
    ) -> Mismatch? {
        let got = actual.isEmpty ? "no \(kind) annotations" : "\(kind) \(quoteList(actual))"
        if forbidden && !actual.isEmpty { return Mismatch(expected: "no_\(kind)", got: got) }
        if (required || !expected.isEmpty) && actual.isEmpty {
            return Mismatch(expected: "\(kind) annotation \(expected.first.map { "\($0)" } ?? "")".trimmingSpaces, got: got)
        }
        for e in expected where !actual.contains(where: e.matches) {
            return Mismatch(expected: "\(kind) annotation \(e)", got: got)
        }
        if !expected.isEmpty {
            for a in actual where !expected.contains(where: { $0.matches(a) }) {
                return Mismatch(expected: "only \(kind) annotations \(expected.map(\.description))", got: "also \(GoQuote.quote(a))")
            }
        }
        return nil
    }

    // MARK: - Values

    static func checkValue(_ value: QueryValue, for eval: EvalCommand) -> Mismatch? {
        switch (eval.expected, value) {
        case (.string(let s), .string(_, let got)):
            return s == got ? nil : Mismatch(expected: "string \(GoQuote.quote(s))", got: "string \(GoQuote.quote(got))")
        case (.string(let s), _):
            return Mismatch(expected: "string \(GoQuote.quote(s))", got: summary(of: value))
        case (.scalar(let e), .scalar(_, let v)):
            return FloatComparison.almostEqual(e, v)
                ? nil : Mismatch(expected: "scalar \(FloatComparison.format(e))", got: "scalar \(FloatComparison.format(v))")
        case (.scalar(let e), _):
            return Mismatch(expected: "scalar \(FloatComparison.format(e))", got: summary(of: value))
        case (.series, .scalar), (.series, .string):
            return Mismatch(expected: eval.timing.isRange ? "a matrix" : "a vector", got: summary(of: value))
        case (.series(let rows), .vector(let samples)):
            return checkVector(samples, rows: rows, ordered: eval.ordered)
        case (.series(let rows), .matrix(let series)):
            if eval.ordered { return Mismatch(expected: "an ordered vector", got: "a matrix") }
            return checkMatrix(series, rows: rows, eval: eval)
        }
    }

    private static func checkVector(_ samples: [Sample], rows: [ExpectedSeries], ordered: Bool) -> Mismatch? {
        var byLabels: [Labels: (index: Int, row: ExpectedSeries)] = [:]
        for (i, row) in rows.enumerated() { byLabels[row.labels] = (i, row) }
        var seen = Set<Labels>()
        for (position, sample) in samples.enumerated() {
            guard let (index, row) = byLabels[sample.labels] else {
                return Mismatch(expected: "no series \(sample.labels)", got: FloatComparison.format(sample.v))
            }
            guard seen.insert(sample.labels).inserted else {
                return Mismatch(expected: "one sample for \(sample.labels)", got: "several")
            }
            if ordered && index != position {
                return Mismatch(expected: "\(sample.labels) at position \(index + 1)", got: "it at position \(position + 1)")
            }
            guard let first = row.values.first else {
                return Mismatch(expected: "\(row.labels) without value (line \(row.line))", got: FloatComparison.format(sample.v))
            }
            let expected: Double
            switch first {
            case .value(let v): expected = v
            case .stale: expected = StaleMarker.value
            case .omitted: return Mismatch(expected: "no value for \(row.labels)", got: FloatComparison.format(sample.v))
            case .histogram(let h): return Mismatch(expected: "\(row.labels) {{\(h)}}", got: FloatComparison.format(sample.v))
            }
            if !FloatComparison.almostEqual(expected, sample.v) {
                return Mismatch(expected: "\(row.labels) \(FloatComparison.format(expected))", got: FloatComparison.format(sample.v))
            }
        }
        for row in rows where !seen.contains(row.labels) {
            return Mismatch(expected: "\(row.labels) \(render(row.values))", got: "no such series")
        }
        return nil
    }

    private static func checkMatrix(_ series: [SeriesSamples], rows: [ExpectedSeries], eval: EvalCommand) -> Mismatch? {
        for (a, b) in zip(series, series.dropFirst()) where Labels.compare(a.labels, b.labels) > 0 {
            return Mismatch(expected: "a matrix sorted by labels", got: "\(b.labels) after \(a.labels)")
        }
        let steps: (start: Timestamp, end: Timestamp, step: Int64)?
        switch eval.timing {
        case .range(let start, let end, let step): steps = (start, end, step)
        case .instant: steps = eval.rangeVector
        }
        var byLabels: [Labels: ExpectedSeries] = [:]
        for row in rows { byLabels[row.labels] = row }
        var seen = Set<Labels>()
        for s in series {
            guard let row = byLabels[s.labels] else {
                return Mismatch(expected: "no series \(s.labels)", got: renderPoints(s.points))
            }
            guard seen.insert(s.labels).inserted else { return Mismatch(expected: "one series \(s.labels)", got: "several") }
            var expected: [FPoint] = []
            for (i, value) in row.values.enumerated() {
                guard let steps, let t = Timestamp.position(i, from: steps.start, every: steps.step), t <= steps.end else {
                    return Mismatch(
                        expected: "at most \(steps.map { ($0.end - $0.start) / Swift.max($0.step, 1) + 1 } ?? 0) points for \(row.labels)",
                        got: "\(row.values.count) expected values on line \(row.line)")
                }
                switch value {
                case .value(let v): expected.append(FPoint(t: t, v: v))
                case .stale: expected.append(FPoint(t: t, v: StaleMarker.value))
                case .omitted: break
                case .histogram(let h):
                    return Mismatch(expected: "\(row.labels) {{\(h)}} at \(formatTime(t))", got: renderPoints(s.points))
                }
            }
            if let m = comparePoints(expected, s.points, labels: s.labels) { return m }
        }
        for row in rows where !seen.contains(row.labels) {
            return Mismatch(expected: "\(row.labels) \(render(row.values))", got: "no such series")
        }
        return nil
    }

    private static func comparePoints(_ expected: [FPoint], _ actual: [FPoint], labels: Labels) -> Mismatch? {
        for (e, a) in zip(expected, actual) {
            if e.t != a.t {
                return Mismatch(
                    expected: "\(labels) \(FloatComparison.format(e.v)) at \(formatTime(e.t))",
                    got: "\(FloatComparison.format(a.v)) at \(formatTime(a.t))")
            }
            if !FloatComparison.almostEqual(e.v, a.v) {
                return Mismatch(
                    expected: "\(labels) \(FloatComparison.format(e.v)) at \(formatTime(e.t))", got: FloatComparison.format(a.v))
            }
        }
        if expected.count != actual.count {
            return Mismatch(
                expected: "\(labels) \(expected.count) points \(renderPoints(expected))",
                got: "\(actual.count) points \(renderPoints(actual))")
        }
        return nil
    }

    // MARK: - Rendering

    static func summary(of value: QueryValue) -> String {
        switch value {
        case .scalar(_, let v): "scalar \(FloatComparison.format(v))"
        case .string(_, let s): "string \(GoQuote.quote(s))"
        case .vector(let samples):
            samples.isEmpty
                ? "empty vector"
                : "vector " + abbreviate(samples.map { "\($0.labels) \(FloatComparison.format($0.v))" })
        case .matrix(let series):
            series.isEmpty ? "empty matrix" : "matrix " + abbreviate(series.map { "\($0.labels) \(renderPoints($0.points))" })
        }
    }

    static func render(_ values: [SeriesValue]) -> String {
        abbreviate(
            values.map { value in
                switch value {
                case .value(let v): FloatComparison.format(v)
                case .stale: "stale"
                case .omitted: "_"
                case .histogram(let h): "{{\(h)}}"
                }
            }, separator: " ", brackets: false)
    }

    static func renderPoints(_ points: [FPoint]) -> String {
        abbreviate(points.map { "\(FloatComparison.format($0.v))@\(formatTime($0.t))" }, separator: " ")
    }

    /// A duration-style time (`1m30s`); negative times keep their sign.
    static func formatTime(_ t: Timestamp) -> String { PromDuration.format(t) }

    static func quoteList(_ items: [String]) -> String { abbreviate(items.map { GoQuote.quote($0) }) }

    /// `[a, b, c, … (12 more)]`: at most a few items.
    static func abbreviate(_ items: [String], separator: String = ", ", brackets: Bool = true, limit: Int = 6) -> String {
        var shown = items.prefix(limit).joined(separator: separator)
        if items.count > limit { shown += "\(separator)… (\(items.count - limit) more)" }
        return brackets ? "[\(shown)]" : shown
    }
}

extension EvalTiming {
    /// True for `eval range`.
    public var isRange: Bool {
        if case .range = self { return true }
        return false
    }
}
