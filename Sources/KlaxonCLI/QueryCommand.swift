import ArgumentParser
import Foundation
import KlaxonAPI
import KlaxonEngine
import KlaxonModel
import KlaxonPromQL
import KlaxonRuleTest
import KlaxonStorage

/// `klaxon query`: evaluates one PromQL expression over fixture series, printing Prometheus's API body.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Evaluate a PromQL expression over fixture series (instant or range query).",
        discussion: """
            FIXTURE.yml has `interval` (default 1m) and `input_series` as one test case of a promtool unit-test
            file. The first sample is at Unix time 0, the k-th at k × interval. Times are a duration from time 0
            (10m) or Unix seconds (600); the step is a duration.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, text }

    @Option(name: .long, help: "The fixture file (interval + input_series).")
    var series: String

    @Option(name: .long, help: "Evaluation time of an instant query.")
    var time: String?

    @Option(name: .long, help: "Start of a range query.")
    var start: String?

    @Option(name: .long, help: "End of a range query.")
    var end: String?

    @Option(name: .long, help: "Step of a range query.")
    var step: String?

    @Option(name: .long, help: "Output format: json (Prometheus API body) or text.")
    var format: Format = .json

    @Option(name: .long, help: "Lookback delta of instant selectors.")
    var lookbackDelta: String = "5m"

    @Argument(help: "The PromQL expression.")
    var expression: String

    func validate() throws {
        let isRange = start != nil || end != nil || step != nil
        if isRange && time != nil { throw ValidationError("use either --time or --start/--end/--step") }
        if isRange && (start == nil || end == nil || step == nil) {
            throw ValidationError("a range query needs --start, --end and --step")
        }
    }

    func run() throws {
        let outcome = evaluate()
        switch outcome {
        case .success(let result):
            print(format == .json ? APIResponse.success(result) : QueryTextFormatter.format(result))
        case .failure(let failure):
            if format == .json {
                print(APIResponse.error(failure.type, failure.message))
            } else {
                FileHandle.standardError.write(Data("error (\(failure.type.rawValue)): \(failure.message)\n".utf8))
            }
            throw ExitCode(1)
        }
    }

    struct Failure: Error {
        var type: APIResponse.ErrorType
        var message: String
    }

    private func evaluate() -> Result<QueryResult, Failure> {
        let storage = MemoryStorage()
        do {
            let fixture = try QueryFixture.load(path: series)
            try InputSeriesLoader.load(fixture.inputSeries, interval: fixture.interval, into: storage)
        } catch {
            return .failure(Failure(type: .badData, message: "invalid fixture \(GoQuote.quote(series)): \(error)"))
        }
        var options = EngineOptions()
        do {
            options.lookbackDelta = try PromDuration.parse(lookbackDelta)
        } catch {
            return .failure(Failure(type: .badData, message: "invalid parameter \"lookback_delta\": \(error)"))
        }
        let engine = Engine(options: options)
        let expr: Expr
        do {
            expr = try PromQL.parse(expression)
        } catch {
            return .failure(Failure(type: .badData, message: "invalid parameter \"query\": \(error)"))
        }
        do {
            if let time {
                let t = try QueryTime.parse(time, parameter: "time")
                return .success(try engine.instantQuery(expr, at: t, source: storage))
            }
            let s = try QueryTime.parse(start ?? "", parameter: "start")
            let e = try QueryTime.parse(end ?? "", parameter: "end")
            let d = try QueryTime.parseStep(step ?? "")
            if e < s { throw Failure(type: .badData, message: "invalid parameter \"end\": end timestamp must not be before start time") }
            if (e - s) / d > 11_000 {
                throw Failure(
                    type: .badData,
                    message: "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)")
            }
            if expr.type != .vector && expr.type != .scalar {
                throw Failure(
                    type: .badData,
                    message: "invalid expression type \"\(expr.type.rawValue)\" for range query, must be Scalar or instant Vector")
            }
            return .success(try engine.rangeQuery(expr, start: s, end: e, step: d, source: storage))
        } catch let failure as Failure {
            return .failure(failure)
        } catch let error as EvaluationError {
            return .failure(Failure(type: APIResponse.errorType(of: error), message: error.message))
        } catch {
            return .failure(Failure(type: .execution, message: "\(error)"))
        }
    }
}

/// Parses the time arguments of `klaxon query`: a duration from time 0 or Unix seconds.
enum QueryTime {
    static func parse(_ text: String, parameter: String) throws(QueryCommand.Failure) -> Timestamp {
        if let ms = try? PromDuration.parse(text) { return ms }  // not a duration: try seconds below
        if let seconds = Double(text), let t = Timestamp(unixSeconds: seconds) { return t }
        throw QueryCommand.Failure(
            type: .badData, message: "invalid parameter \(GoQuote.quote(parameter)): cannot parse \(GoQuote.quote(text)) to a valid timestamp")
    }

    static func parseStep(_ text: String) throws(QueryCommand.Failure) -> Int64 {
        var ms: Int64?
        if let d = try? PromDuration.parse(text) { ms = d }  // not a duration: try seconds below
        else if let seconds = Double(text), seconds.isFinite { ms = Int64((seconds * 1000).rounded()) }
        guard let step = ms else {
            throw QueryCommand.Failure(
                type: .badData, message: "invalid parameter \"step\": cannot parse \(GoQuote.quote(text)) to a valid duration")
        }
        guard step > 0 else {
            throw QueryCommand.Failure(
                type: .badData,
                message: "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer")
        }
        return step
    }
}

/// Human-readable tables for `--format text`.
enum QueryTextFormatter {
    static func format(_ result: QueryResult) -> String {
        var lines: [String] = []
        switch result.value {
        case .scalar(let t, let v):
            lines.append("scalar @\(GoJSON.timestamp(t)): \(GoFloat.formatAPI(v))")
        case .string(let t, let s):
            lines.append("string @\(GoJSON.timestamp(t)): \(GoQuote.quote(s))")
        case .vector(let samples):
            if samples.isEmpty { lines.append("(empty vector)") }
            let width = samples.map { $0.labels.description.count }.max() ?? 0
            for sample in samples {
                let name = sample.labels.description
                lines.append(name + String(repeating: " ", count: width - name.count) + "  " + GoFloat.formatAPI(sample.v))
            }
        case .matrix(let series):
            if series.isEmpty { lines.append("(empty matrix)") }
            for s in series {
                lines.append(s.labels.description)
                for point in s.points {
                    lines.append("  @" + GoJSON.timestamp(point.t) + "  " + GoFloat.formatAPI(point.v))
                }
            }
        }
        for warning in result.annotations.warnings { lines.append("warning: " + warning) }
        for info in result.annotations.infos { lines.append("info: " + info) }
        return lines.joined(separator: "\n")
    }
}
