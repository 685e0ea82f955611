import KlaxonModel
import KlaxonPromQL
import KlaxonStorage
import Testing
@testable import KlaxonConformance

@Suite struct ExtraChecksTests {
    private func at(_ expr: Expr) -> [AtModifier?] {
        var out: [AtModifier?] = []
        expr.walk { node in
            switch node {
            case .vectorSelector(let s): out.append(s.at)
            case .matrixSelector(let m): out.append(m.selector.at)
            case .subquery(let q): out.append(q.at)
            default: break
            }
            return true
        }
        return out
    }

    @Test("pinning sets @ on outer selectors and subqueries, not inside subqueries, and replaces @ start()/end()")
    func pinning() throws {
        let expr = try PromQL.parse("sum(rate(a[5m])) + max_over_time(b[10m:1m]) + c @ 7 + d @ start()")
        let pinned = ExtraChecks.pin(expr, at: 1000)
        let mods = at(pinned)
        // a's matrix selector (and its inner vector selector), the subquery (b inside stays unpinned), c, d
        #expect(mods.contains(.timestamp(7000)))
        #expect(mods.filter { $0 == nil }.count == 1)  // b inside the subquery
        #expect(!mods.contains(.start))
        #expect(mods.filter { $0 == .timestamp(1000) }.count >= 3)
    }

    @Test("eval times of the @ check", arguments: [
        (Int64(0), [Int64(-1000), 0, 1000]), (Int64(600_000), [Int64(-6_000_000), 0, 120_000, 600_000, 6_000_000]),
    ] as [(Int64, [Int64])])
    func times(t: Int64, expected: [Int64]) {
        #expect(ExtraChecks.pinnedTimes(for: t) == expected)
    }

    @Test("range mode is skipped for failures, order, strings, range vectors and query-dependent expressions")
    func rangeModeApplicability() throws {
        func eval(_ text: String) throws -> (EvalCommand, Expr) {
            let e = try #require(TestScript(parsing: text, file: "t").evals.first)
            return (e, try PromQL.parse(e.expr))
        }
        let (plain, plainExpr) = try eval("eval instant at 1m foo\n  foo 1")
        #expect(ExtraChecks.appliesRangeMode(to: plain, expr: plainExpr))
        for text in [
            "eval instant at 1m foo\n  expect fail", "eval instant at 1m foo\n  expect ordered",
            "eval instant at 1m \"x\"\n  expect string \"x\"", "eval instant at 1m foo[1m]\n  expect range vector from 0 to 1m step 1m",
            "eval instant at 1m foo offset step()", "eval instant at 1m foo @ end()",
        ] {
            let (e, x) = try eval(text)
            #expect(!ExtraChecks.appliesRangeMode(to: e, expr: x), "\(text)")
        }
        let (pinnedEval, pinnedExpr) = try eval("eval instant at 1m foo @ end()")
        #expect(ExtraChecks.appliesRangeMode(to: pinnedEval, expr: ExtraChecks.pin(pinnedExpr, at: 60_000), pinned: true))
    }

    @Test("the range-mode check fails when a range query sees other data than the instant query")
    func catchesRangeModeDifferences() {
        let script = TestScript(parsing: "load 1m\n  m 1 2 3 4 5\n\neval instant at 2m m\n  m 3\n", file: "x.test")
        #expect(ConformanceRunner(extraChecks: true).run(script).passed == 1)
        let narrow = ConformanceRunner(extraChecks: true, makeStore: { NarrowStore() })
        #expect(ConformanceRunner(makeStore: { NarrowStore() }).run(script).passed == 1)
        let outcome = narrow.run(script).results.first?.outcome
        guard case .failed(let why) = outcome else {
            Issue.record("expected a failure, got \(String(describing: outcome))")
            return
        }
        #expect(why.hasPrefix("range mode:"))
    }
}

/// A store that answers only selections at most 6 minutes wide: an instant query's lookback, not the wider
/// window of a range query.
private struct NarrowStore: ConformanceStore {
    var inner = ScriptStore()
    mutating func append(_ labels: Labels, t: Timestamp, v: Double) throws { try inner.append(labels, t: t, v: v) }
    mutating func reset() { inner.reset() }
    func select(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws -> [SeriesSamples] {
        maxt - mint > 6 * 60_000 ? [] : try inner.select(matchers, mint: mint, maxt: maxt)
    }
    func labelNames(matching: [[LabelMatcher]], mint: Timestamp, maxt: Timestamp) throws -> [String] {
        try inner.labelNames(matching: matching, mint: mint, maxt: maxt)
    }
    func labelValues(_ name: String, matching: [[LabelMatcher]], mint: Timestamp, maxt: Timestamp) throws -> [String] {
        try inner.labelValues(name, matching: matching, mint: mint, maxt: maxt)
    }
}
