import KlaxonEngine
import KlaxonModel
import KlaxonPromQL
import KlaxonStorage
import Testing
@testable import KlaxonConformance

@Suite struct ScriptStoreTests {
    @Test("select filters by matchers and an inclusive time range, sorted by labels")
    func select() throws {
        var store = ScriptStore()
        try store.append(["__name__": "m", "a": "2"], t: 0, v: 1)
        try store.append(["__name__": "m", "a": "1"], t: 0, v: 1)
        try store.append(["__name__": "m", "a": "1"], t: 60_000, v: StaleMarker.value)
        try store.append(["__name__": "n"], t: 120_000, v: 3)
        let all = try store.select([.equal("__name__", "m")], mint: 0, maxt: 60_000)
        #expect(all.map(\.labels) == [["__name__": "m", "a": "1"], ["__name__": "m", "a": "2"]])
        #expect(all[0].points.count == 2 && StaleMarker.isStale(all[0].points[1].v))
        #expect(try store.select([.equal("__name__", "m")], mint: 1, maxt: 59_999).isEmpty)
        #expect(try store.labelValues("a", matching: [], mint: 0, maxt: 200_000) == ["1", "2"])
        #expect(try store.labelNames(matching: [[.equal("__name__", "n")]], mint: 0, maxt: 200_000) == ["__name__"])
        #expect(throws: ScriptStore.AppendError.self) { try store.append(["__name__": "n"], t: 120_000, v: 4) }
        store.reset()
        #expect(try store.select([], mint: 0, maxt: .max).isEmpty)
    }
}

@Suite struct UnsupportedFeaturesTests {
    private func selector(_ name: String) -> Expr {
        .vectorSelector(VectorSelector(name: name, matchers: [.equal("__name__", name)], range: 0..<name.utf8.count))
    }

    private func catalog(_ script: String) throws -> SeriesCatalog {
        var catalog = SeriesCatalog()
        for case .load(let load) in TestScript(parsing: script, file: "t").commands { catalog.record(load) }
        return catalog
    }

    private let plainEval = EvalCommand(file: "t", line: 1, expr: "", exprColumn: 1, timing: .instant(at: 0))

    @Test("an eval is skipped only when its selectors reach histogram data")
    func selectorsDecide() throws {
        let c = try catalog("load 1m\n  floats 1 2\n  mixed 1 {{count:1}}\n")
        #expect(UnsupportedFeatures.skipReason(for: plainEval, expr: selector("floats"), catalog: c) == nil)
        #expect(UnsupportedFeatures.skipReason(for: plainEval, expr: selector("mixed"), catalog: c) != nil)
        let rate = Expr.call(
            Call(
                function: .rate,
                args: [.matrixSelector(MatrixSelector(selector: VectorSelector(name: "mixed", matchers: [.equal("__name__", "mixed")], range: 0..<5), window: .literal(60_000), range: 0..<9))],
                range: 0..<15))
        #expect(UnsupportedFeatures.skipReason(for: plainEval, expr: rate, catalog: c) != nil)
        let regex = try LabelMatcher(.regexMatch, "__name__", "f.*")
        let both = Expr.binary(
            BinaryExpr(
                op: .add, lhs: .vectorSelector(VectorSelector(name: nil, matchers: [regex], range: 0..<1)), rhs: .number(NumberLiteral(value: 1, range: 0..<1)),
                matching: nil, returnBool: false, range: 0..<1))
        #expect(UnsupportedFeatures.skipReason(for: plainEval, expr: both, catalog: c) == nil)
    }

    @Test("histogram-only functions and expected histograms are skipped whatever the data")
    func functionsAndExpectations() throws {
        let c = try catalog("load 1m\n  floats 1 2\n")
        let call = Expr.call(Call(function: .histogramCount, args: [selector("floats")], range: 0..<1))
        #expect(UnsupportedFeatures.skipReason(for: plainEval, expr: call, catalog: c)?.contains("histogram_count") == true)
        let quantile = Expr.call(Call(function: .histogramQuantile, args: [.number(NumberLiteral(value: 0.5, range: 0..<1)), selector("floats")], range: 0..<1))
        #expect(UnsupportedFeatures.skipReason(for: plainEval, expr: quantile, catalog: c) == nil)
        let e = try #require(TestScript(parsing: "eval instant at 0 x\n  x {{count:1}}", file: "t").evals.first)
        #expect(UnsupportedFeatures.skipReason(for: e, expr: selector("floats"), catalog: c) != nil)
    }

    @Test("load_with_nhcb makes X from X_bucket/X_count/X_sum, and the classic series stay floats")
    func nhcb() throws {
        let c = try catalog(
            """
            load_with_nhcb 1m
              req_bucket{le="0.5", job="a"} 1 2
              req_bucket{le="+Inf", job="a"} 2 3
              req_count{job="a"} 2 3
              other 1
            """)
        #expect(UnsupportedFeatures.skipReason(for: plainEval, expr: selector("req"), catalog: c) != nil)
        #expect(UnsupportedFeatures.skipReason(for: plainEval, expr: selector("req_bucket"), catalog: c) == nil)
        #expect(SeriesCatalog.nhcbBase(of: ["__name__": "x_bucket", "le": "foo"]) == nil)
        #expect(SeriesCatalog.nhcbBase(of: ["__name__": "x_sum", "j": "1"]) == ["__name__": "x", "j": "1"])
    }

    @Test("@st series and start_timestamp() are skipped")
    func startTimestamps() throws {
        let c = try catalog("load 1m\n  c@st _ -1m\n  c 1 2\n  d 1 2\n")
        #expect(UnsupportedFeatures.skipReason(for: plainEval, expr: selector("c"), catalog: c)?.hasPrefix("start timestamps") == true)
        #expect(UnsupportedFeatures.skipReason(for: plainEval, expr: selector("d"), catalog: c) == nil)
        let call = Expr.call(Call(function: .startTimestamp, args: [selector("d")], range: 0..<1))
        #expect(UnsupportedFeatures.skipReason(for: plainEval, expr: call, catalog: c) != nil)
    }

    @Test("info() reads target_info unless its selector names other info series")
    func info() throws {
        let c = try catalog("load 1m\n  target_info{job=\"a\"} {{count:1}}\n  metric{job=\"a\"} 1\n")
        let call = Expr.call(Call(function: .info, args: [selector("metric")], range: 0..<1))
        #expect(UnsupportedFeatures.skipReason(for: plainEval, expr: call, catalog: c) != nil)
        let other = Expr.call(Call(function: .info, args: [selector("metric"), selector("build_info")], range: 0..<1))
        #expect(UnsupportedFeatures.skipReason(for: plainEval, expr: other, catalog: c) == nil)
    }
}

@Suite struct ConformanceRunnerTests {
    @Test("loads expand positions from time 0 with staleness markers, later loads add, clear empties")
    func loads() throws {
        var store: any ConformanceStore = ScriptStore()
        let script = TestScript(parsing: "load 30s\n  m 1 _ stale {{}} 5\n", file: "t")
        guard case .load(let load) = script.commands.first else { throw Failure("expected a load") }
        #expect(ConformanceRunner.append(load, to: &store) == nil)
        let points = try #require(try store.select([], mint: 0, maxt: .max).first).points
        #expect(points.map(\.t) == [0, 60_000, 120_000])
        #expect(StaleMarker.isStale(points[1].v) && points[2].v == 5)
        #expect(ConformanceRunner.append(load, to: &store) != nil)  // the same samples again are out of order
    }

    @Test("absurd durations fail statements instead of trapping")
    func hugeDurations() {
        let script = TestScript(
            parsing: """
                load 200000000y
                  m 1 2 3

                eval instant at 250000000y m
                  m 1
                """, file: "huge.test")
        let report = ConformanceRunner(extraChecks: true).run(script)
        #expect(report.results.count == 2)
        #expect(report.failed >= 1)
    }

    @Test("malformed statements fail, histogram expectations skip, and the summary is the last line")
    func report() {
        let script = TestScript(
            parsing: """
                load 1m
                  m 1

                eval instant at 0 m
                  m 1 2

                eval instant at 0 m
                  m {{count:1}}

                bogus
                """, file: "s.test")
        let report = ConformanceReport(files: [ConformanceRunner().run(script)])
        #expect(report.failed == 2 && report.skipped == 1 && report.passed == 0)
        let lines = report.render().split(separator: "\n")
        #expect(lines.last == "0 passed, 2 failed, 1 skipped")
        #expect(lines.first?.hasPrefix("s.test:4: m: malformed eval") == true)
        #expect(report.render(verbose: true).contains("s.test:7: m: skipped: native histograms"))
    }
}
