import Foundation
public import KlaxonEngine
import KlaxonModel
import KlaxonPromQL

/// Runs Prometheus's PromQL test scripts against Klaxon's engine and reports each statement.
///
/// Each script starts with an empty store. Unlike upstream, a failing statement does not stop its file: every
/// eval is reported on its own. Evals that need native histograms or start timestamps are skipped with a reason.
/// Not done (section 1.8, optional): re-running instant evals as range queries and with `@` pinned.
public struct ConformanceRunner: Sendable {
    public var engine: Engine
    /// Makes the empty store each script starts with.
    public var makeStore: @Sendable () -> any ConformanceStore

    public init(
        engine: Engine = Engine(options: .promqlTestScripts),
        makeStore: @escaping @Sendable () -> any ConformanceStore = { ScriptStore() }
    ) {
        self.engine = engine
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
                let t = Int64(k) * load.interval
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
        let result: QueryResult
        do {
            switch eval.timing {
            case .instant(let at):
                result = try engine.instantQuery(expr, at: at, source: store)
            case .range(let start, let end, let step):
                result = try engine.rangeQuery(expr, start: start, end: end, step: step, source: store)
            }
        } catch {
            return ResultComparison.checkFailure(error.message, for: eval).map { .failed($0.description) } ?? .passed
        }
        return ResultComparison.check(result, for: eval).map { .failed($0.description) } ?? .passed
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
