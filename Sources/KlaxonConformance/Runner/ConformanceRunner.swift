import Foundation
public import KlaxonEngine
import KlaxonModel
import KlaxonPromQL

/// Runs Prometheus's PromQL test scripts against Klaxon's engine and reports each statement.
///
/// Each script starts with an empty store. Unlike upstream, a failing statement does not stop its file: every
/// eval is reported on its own. Evals that need native histograms or start timestamps are skipped with a reason.
/// Upstream's extra checks of instant evals (section 1.8) run when `extraChecks` is set.
public struct ConformanceRunner: Sendable {
    public var engine: Engine
    /// Makes the empty store each script starts with.
    public var makeStore: @Sendable () -> any ConformanceStore
    /// Also make upstream's two extra checks of every instant eval (section 1.8): the same query as a range
    /// query around its time, and with every selector and subquery pinned with `@` at other times.
    public var extraChecks = false

    public init(
        engine: Engine = Engine(options: .promqlTestScripts), extraChecks: Bool = false,
        makeStore: @escaping @Sendable () -> any ConformanceStore = ConformanceStoreKind.memory.factory
    ) {
        self.engine = engine
        self.extraChecks = extraChecks
        self.makeStore = makeStore
    }

    /// Errors reading scripts from disk.
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Runs every `*.test` file of `directory` (sorted by name), or only those named in `only`
    /// (with or without the `.test` extension).
    public func run(directory: String, only: [String] = []) throws -> ConformanceReport {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ReadError(path: directory, reason: "no such directory")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".test") }.sorted()
        } catch {
            throw ReadError(path: directory, reason: "cannot list directory: \(error.localizedDescription)")
        }
        let wanted = Set(only.map { $0.hasSuffix(".test") ? $0 : $0 + ".test" })
        for name in wanted where !names.contains(name) {
            throw ReadError(path: (directory as NSString).appendingPathComponent(name), reason: "no such test file")
        }
        var files: [FileReport] = []
        for name in names where wanted.isEmpty || wanted.contains(name) {
            files.append(try run(path: (directory as NSString).appendingPathComponent(name), reportedAs: name))
        }
        return ConformanceReport(files: files)
    }

    /// Reads and runs one script; report lines name it `reportedAs` (default: the path).
    public func run(path: String, reportedAs name: String? = nil) throws -> FileReport {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ReadError(path: path, reason: "cannot read file: \(error.localizedDescription)")
        }
        return run(TestScript(parsing: text, file: name ?? path))
    }

    /// Runs a parsed script.
    public func run(_ script: TestScript) -> FileReport {
        var store = makeStore()
        var catalog = SeriesCatalog()
        var results: [StatementResult] = []
        for command in script.commands {
            switch command {
            case .invalid(let error):
                results.append(StatementResult(file: script.file, line: error.line, statement: "script", outcome: .failed(error.description)))
            case .clear:
                store.reset()
                catalog.reset()
            case .load(let load):
                catalog.record(load)
                if let failure = Self.append(load, to: &store) {
                    results.append(
                        StatementResult(
                            file: script.file, line: load.line, statement: "load \(PromDuration.format(load.interval))",
                            outcome: .failed(failure)))
                }
            case .eval(let eval):
                let outcome = run(eval, store: store, catalog: catalog)
                results.append(StatementResult(file: script.file, line: eval.line, statement: eval.expr, outcome: outcome))
            }
        }
        return FileReport(file: script.file, results: results)
    }

    /// Appends a load block's float samples and staleness markers; histogram positions are left out.
    /// Returns a failure text when the store refuses a sample.
    static func append(_ load: LoadCommand, to store: inout any ConformanceStore) -> String? {
        for series in load.series {
            for (k, value) in series.values.enumerated() {
                guard let t = Timestamp.position(k, from: 0, every: load.interval) else {
                    return "line \(series.line): position \(k) lies beyond the representable time range"
                }
                let v: Double
                switch value {
                case .value(let x): v = x
                case .stale: v = StaleMarker.value
                case .omitted, .histogram: continue
                }
                do {
                    try store.append(series.labels, t: t, v: v)
                } catch {
                    return "line \(series.line): cannot load sample at \(PromDuration.format(t)): \(error)"
                }
            }
        }
        return nil
    }

    /// Runs one eval and compares its outcome.
    func run(_ eval: EvalCommand, store: any ConformanceStore, catalog: SeriesCatalog) -> StatementResult.Outcome {
        if let problem = eval.problem { return .failed("malformed eval: \(problem.message)") }
        if eval.expectsHistogram { return .skipped("native histograms: expects a histogram value") }
        let expr: Expr
        do {
            expr = try PromQL.parse(eval.expr)
        } catch {
            // Upstream parses every expression of these files, so a parse error only counts as the expected
            // failure when the eval names the message (Klaxon may check at parse time what Prometheus checks
            // when the query is created, e.g. `smoothed` on the wrong function).
            if eval.expectsFailure, eval.failMatcher != .any, ResultComparison.checkFailure(error.message, for: eval) == nil {
                return .passed
            }
            return .failed("expected the expression to parse, got \(error.description)")
        }
        if let reason = UnsupportedFeatures.skipReason(for: eval, expr: expr, catalog: catalog) { return .skipped(reason) }
        switch eval.timing {
        case .instant(let at):
            if let failure = checkInstant(eval, expr: expr, at: at, store: store, rangeMode: extraChecks) {
                return .failed(failure)
            }
            if extraChecks, let failure = checkPinned(eval, expr: expr, at: at, store: store) { return .failed(failure) }
            return .passed
        case .range(let start, let end, let step):
            do {
                let result = try engine.rangeQuery(expr, start: start, end: end, step: step, source: store)
                return ResultComparison.check(result, for: eval).map { .failed($0.description) } ?? .passed
            } catch {
                return ResultComparison.checkFailure(error.message, for: eval).map { .failed($0.description) } ?? .passed
            }
        }
    }

    /// Runs `expr` as an instant query at `at` and compares; with `rangeMode`, also re-runs it as a range query
    /// around `at` (section 1.8, check 1). Returns a failure text or nil.
    func checkInstant(
        _ eval: EvalCommand, expr: Expr, at: Timestamp, store: any ConformanceStore, rangeMode: Bool, pinned: Bool = false
    ) -> String? {
        let result: QueryResult
        do {
            result = try engine.instantQuery(expr, at: at, source: store)
        } catch {
            return ResultComparison.checkFailure(error.message, for: eval)?.description
        }
        if let mismatch = ResultComparison.check(result, for: eval) { return mismatch.description }
        guard rangeMode, ExtraChecks.appliesRangeMode(to: eval, expr: expr, pinned: pinned) else { return nil }
        return checkRangeMode(eval, expr: expr, at: at, instant: result.value, store: store)
    }
}

extension EngineOptions {
    /// The configuration every upstream test script runs under (section 1.7): lookback 5m, 1m default subquery
    /// step, at most 10,000 samples, 100s timeout, delayed name removal.
    public static var promqlTestScripts: EngineOptions {
        var options = EngineOptions()
        options.lookbackDelta = 5 * 60 * 1000
        options.defaultSubqueryStep = 60 * 1000
        options.maxSamples = 10_000
        options.timeout = .seconds(100)
        options.delayedNameRemoval = true
        return options
    }
}
