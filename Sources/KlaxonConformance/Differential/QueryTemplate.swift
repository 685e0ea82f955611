/// The query shapes of the differential generator. Cases cycle through the shapes in order, and a shape that
/// stands for several functions or operators cycles through them (at most four), so a fixture of at least
/// `4 × allCases.count` queries uses every name in `coveredNames`; the other parts of each query are random.
enum QueryTemplate: String, CaseIterable {
    case selector, rangeSelector, subqueryResult
    case counterFunctions, resets, windowAggregates, windowCounts, windowDeltas, quantileOverTime, absentOverTime
    case holtWinters, predictLinear, mathA, mathB, mathC, trigA, trigB, trigC, clamps, rounding, timestampFunction
    case datesA, datesB, dateFunctionsNow, sorting, labelReplace, labelJoin, absent, scalarVector
    case aggregationA, aggregationB, topBottom, quantileAggregation, countValues
    case arithmeticA, arithmeticB, comparisonA, comparisonB, scalarOnly, oneToOne, groupLeft, groupRight
    case setOperators, vectorComparison, subquery, nestedSubquery, classicHistogram, averageLatency, stringLiteral

    func make(_ c: inout QueryContext) -> GeneratedQuery {
        switch self {
        case .selector:
            return GeneratedQuery(c.rng.chance(0.2) ? "{__name__=~\"node_temperature_celsius|queue_depth\"}" : c.gauge())
        case .rangeSelector:
            let f = c.rng.chance(0.5) ? c.gaugeFamily() : c.counterFamily()
            return GeneratedQuery("\(c.selector(f))[\(c.window())]\(c.modifier())", instantOnly: true)
        case .subqueryResult:
            return GeneratedQuery("\(c.counterRate())[\(c.rng.pick(["5m", "10m"])):\(c.rng.pick(["30s", "1m", "45s"]))]", instantOnly: true)
        case .counterFunctions:
            return GeneratedQuery(c.counterRate())
        case .resets:
            let fn = c.rng.pick(["resets", "changes"])
            let f = fn == "resets" ? c.counterFamily() : c.gaugeFamily()
            return GeneratedQuery("\(fn)(\(c.selector(f))[\(c.rng.pick(["10m", "15m", "30m"]))]\(c.modifier()))")
        case .windowAggregates, .windowCounts, .windowDeltas:
            let names: [String: [String]] = [
                "windowAggregates": ["avg_over_time", "min_over_time", "max_over_time", "sum_over_time"],
                "windowCounts": ["count_over_time", "last_over_time", "present_over_time", "stddev_over_time"],
                "windowDeltas": ["stdvar_over_time", "delta", "idelta", "deriv"],
            ]
            let fn = c.cycle(names[rawValue] ?? [], rawValue)
            return GeneratedQuery("\(fn)(\(c.selector(c.gaugeFamily()))[\(c.window())]\(c.modifier()))")
        case .quantileOverTime:
            return GeneratedQuery("quantile_over_time(\(c.quantile()), \(c.selector(c.gaugeFamily()))[\(c.window())])")
        case .absentOverTime:
            let inner = c.rng.chance(0.5) ? "nonexistent_metric{job=\"x\"}" : c.selector(c.gaugeFamily())
            return GeneratedQuery("absent_over_time(\(inner)[\(c.window())])")
        case .holtWinters:
            let args = "\(c.selector(c.gaugeFamily()))[\(c.rng.pick(["5m", "10m", "15m"]))], \(c.rng.pick(["0.1", "0.5", "0.8"])), \(c.rng.pick(["0.2", "0.5", "0.9"]))"
            return GeneratedQuery("double_exponential_smoothing(\(args))", reference: "holt_winters(\(args))")
        case .predictLinear:
            return GeneratedQuery("predict_linear(\(c.selector(c.gaugeFamily()))[\(c.rng.pick(["5m", "10m", "15m"]))], \(c.rng.pick(["60", "600", "3600", "-300"])))")
        case .mathA, .mathB, .mathC:
            let names: [String: [String]] = [
                "mathA": ["abs", "ceil", "floor", "exp"], "mathB": ["ln", "log2", "log10", "sqrt"], "mathC": ["sgn", "deg", "rad"],
            ]
            let fn = c.cycle(names[rawValue] ?? [], rawValue)
            let arg = fn == "exp" ? "(\(c.gauge()) / 10)" : c.rng.chance(0.3) ? "-\(c.gauge())" : c.gauge()
            return GeneratedQuery("\(fn)(\(arg))")
        case .trigA, .trigB, .trigC:
            let names: [String: [String]] = [
                "trigA": ["sin", "cos", "tan", "asin"], "trigB": ["acos", "atan", "sinh", "cosh"],
                "trigC": ["tanh", "asinh", "acosh", "atanh"],
            ]
            let fn = c.cycle(names[rawValue] ?? [], rawValue)
            let scale = ["asin", "acos", "atanh"].contains(fn) ? " / 100" : ["sinh", "cosh"].contains(fn) ? " / 10" : ""
            return GeneratedQuery("\(fn)(\(c.selector(QueryContext.gauges[0]))\(scale))")
        case .clamps:
            let v = c.gauge()
            switch c.rng.int(in: 0...2) {
            case 0: return GeneratedQuery("clamp(\(v), 30, 60)")
            case 1: return GeneratedQuery("clamp_min(\(v), 40)")
            default: return GeneratedQuery("clamp_max(\(v), 50)")
            }
        case .rounding:
            return GeneratedQuery(c.rng.chance(0.5) ? "round(\(c.gauge()))" : "round(\(c.gauge()), \(c.rng.pick(["0.5", "5", "0.1"])))")
        case .timestampFunction:
            return GeneratedQuery("timestamp(\(c.gauge()))")
        case .datesA, .datesB:
            let names: [String: [String]] = [
                "datesA": ["hour", "minute", "month", "year"], "datesB": ["day_of_month", "day_of_week", "day_of_year", "days_in_month"],
            ]
            let fn = c.cycle(names[rawValue] ?? [], rawValue)
            return GeneratedQuery("\(fn)(timestamp(\(c.selector(c.gaugeFamily()))))")
        case .dateFunctionsNow:
            let fn = c.rng.pick(["hour", "minute", "month", "year", "day_of_month", "day_of_week", "day_of_year", "days_in_month"])
            return GeneratedQuery("\(fn)()")
        case .sorting:
            let fn = c.rng.pick(["sort", "sort_desc"])
            return GeneratedQuery("\(fn)(\(c.vector(untied: true).expr))", ordered: true)
        case .labelReplace:
            let f = QueryContext.gauges[0]
            return GeneratedQuery(
                "label_replace(\(c.selector(f)), \"\(c.rng.pick(["dst", "sensor"]))\", \"$1-x\", \"sensor\", \"\(c.rng.pick(["s(.*)", "(.*)", "nomatch(.*)"]))\")")
        case .labelJoin:
            let inner = "\(c.rng.pick(["rate", "increase"]))(\(c.selector(QueryContext.counters[0]))[\(c.window())])"
            return GeneratedQuery("label_join(\(inner), \"joined\", \"\(c.rng.pick([",", "-", ""]))\", \"job\", \"instance\")")
        case .absent:
            return GeneratedQuery(c.rng.chance(0.5) ? "absent(nonexistent_metric{job=\"x\", env=~\"p.*\"})" : "absent(\(c.gauge()))")
        case .scalarVector:
            switch c.rng.int(in: 0...3) {
            case 0: return GeneratedQuery("scalar(sum(\(c.vector().expr)))")
            case 1: return GeneratedQuery("vector(time())")
            case 2: return GeneratedQuery("vector(pi()) * scalar(queue_depth{instance=\"0\", job=\"api\"})")
            default: return GeneratedQuery("scalar(\(c.gauge()))")
            }
        case .aggregationA, .aggregationB:
            let ops = self == .aggregationA ? ["sum", "avg", "min", "max"] : ["count", "group", "stddev", "stdvar"]
            let op = c.cycle(ops, rawValue)
            let v = c.vector()
            return GeneratedQuery("\(op)\(c.grouping(v.labels)) (\(v.expr))")
        case .topBottom:
            let op = c.rng.pick(["topk", "bottomk"])
            let v = c.vector(untied: true)
            return GeneratedQuery("\(op)(\(c.rng.int(in: 1...3)), \(v.expr))")
        case .quantileAggregation:
            let v = c.vector()
            return GeneratedQuery("quantile\(c.grouping(v.labels)) (\(c.quantile()), \(v.expr))")
        case .countValues:
            let v = c.vector()
            return GeneratedQuery("count_values\(c.grouping(v.labels)) (\"value\", round(\(v.expr)))")
        case .arithmeticA, .arithmeticB:
            let op = c.cycle(self == .arithmeticA ? ["+", "-", "*", "/"] : ["%", "^", "atan2"], rawValue)
            let n = c.rng.pick(["2", "0.5", "3", "0", "-1"])
            // 2.42 keeps the metric name through `atan2` (3.x drops it, upstream commit 531567d4), so atan2 only
            // gets operands that have no name to keep.
            let v = op == "atan2" ? "avg_over_time(\(c.selector(c.gaugeFamily()))[\(c.window())])" : c.vector().expr
            return GeneratedQuery(c.rng.chance(0.5) ? "\(v) \(op) \(n)" : "\(n) \(op) \(v)")
        case .comparisonA, .comparisonB:
            let op = c.cycle(self == .comparisonA ? ["==", "!=", ">"] : ["<", ">=", "<="], rawValue)
            let bool = c.rng.chance(0.5) ? " bool" : ""
            let f = c.gaugeFamily()
            let threshold = f.name == "disk_free_bytes" ? "4e11" : f.name == "queue_depth" ? "20" : "45"
            return GeneratedQuery("\(c.selector(f))\(c.modifier()) \(op)\(bool) \(threshold)")
        case .scalarOnly:
            return GeneratedQuery(c.rng.pick(["1 + 2 * 3", "2 ^ 3 ^ 2", "-2 ^ 2", "time() % 3600", "(1 - 5) / 0", "0 / 0", "7 % -3", "1 > bool 2", "pi()", "time()"]))
        case .oneToOne:
            let op = c.rng.pick(["+", "-", "*", "/"])
            if c.rng.chance(0.5) {
                return GeneratedQuery("node_temperature_celsius{site=\"a\"} \(op) ignoring(site) node_temperature_celsius{site=\"b\"}")
            }
            let w = c.window()
            return GeneratedQuery("rate(http_requests_total{code=\"500\"}[\(w)]) \(op) on(job, instance) rate(http_requests_total{code=\"200\"}[\(w)])")
        case .groupLeft:
            return GeneratedQuery("\(c.rng.pick(["rate(http_requests_total[5m])", "queue_depth", "sum by (job, instance) (rate(process_cpu_seconds_total[10m]))"])) * on(job) group_left(version) build_info")
        case .groupRight:
            return GeneratedQuery("build_info * on(job) group_right(version) \(c.rng.pick(["queue_depth", "rate(http_requests_total{code=\"200\"}[5m])"]))")
        case .setOperators:
            switch c.rng.int(in: 0...2) {
            case 0: return GeneratedQuery("node_temperature_celsius > 47 or node_temperature_celsius < 43")
            case 1: return GeneratedQuery("queue_depth > 10 and on(job) build_info{version=\"1.4.2\"}")
            default: return GeneratedQuery("queue_depth unless on(instance) queue_depth{instance=\"0\"}")
            }
        case .vectorComparison:
            let op = c.rng.pick(["==", "!=", ">", "<", ">=", "<="])
            let bool = c.rng.chance(0.5) ? " bool" : ""
            return GeneratedQuery("node_temperature_celsius{site=\"a\"} \(op)\(bool) ignoring(site) node_temperature_celsius{site=\"b\"}")
        case .subquery:
            let fn = c.rng.pick(["max_over_time", "min_over_time", "avg_over_time", "sum_over_time", "count_over_time"])
            let step = c.rng.pick(["30s", "1m", "45s", ""])
            return GeneratedQuery("\(fn)(\(c.counterRate())[\(c.rng.pick(["5m", "10m", "20m"])):\(step)]\(c.rng.chance(0.3) ? " offset 3m" : ""))")
        case .nestedSubquery:
            // The outer subquery evaluates the inner one at whole multiples of 2m; an inner range that is a whole
            // number of inner steps would put its left edge on an inner step, which 2.42 includes and 3.x
            // (left-open subqueries) excludes. 5m30s never lines up with the 1m grid.
            return GeneratedQuery("max_over_time(deriv(\(c.selector(c.gaugeFamily()))[\(c.rng.pick(["5m30s", "4m30s"])):1m])[20m:2m])")
        case .classicHistogram:
            let by = c.rng.chance(0.5) ? "le" : "le, job"
            let inner = c.rng.chance(0.3)
                ? "rate(request_duration_seconds_bucket[\(c.rng.pick(["5m", "10m"]))])"
                : "sum by (\(by)) (rate(request_duration_seconds_bucket[\(c.rng.pick(["5m", "10m", "15m"]))]))"
            return GeneratedQuery("histogram_quantile(\(c.quantile()), \(inner))")
        case .averageLatency:
            let w = c.rng.pick(["5m", "10m"])
            return GeneratedQuery("rate(request_duration_seconds_sum[\(w)]) / rate(request_duration_seconds_count[\(w)])")
        case .stringLiteral:
            return GeneratedQuery(c.rng.pick(["\"hello\"", "\"a\\tb\""]), instantOnly: true)
        }
    }

    /// Function, aggregation and operator names the templates use; a test checks each appears in a fixture.
    static let coveredNames: [String] = [
        "rate(", "increase(", "irate(", "resets(", "changes(", "avg_over_time(", "min_over_time(", "max_over_time(",
        "sum_over_time(", "count_over_time(", "last_over_time(", "stddev_over_time(", "stdvar_over_time(",
        "present_over_time(", "delta(", "idelta(", "deriv(", "quantile_over_time(", "absent_over_time(",
        "double_exponential_smoothing(", "predict_linear(", "abs(", "ceil(", "floor(", "exp(", "ln(", "log2(", "log10(",
        "sqrt(", "sgn(", "deg(", "rad(", "sin(", "cos(", "tan(", "asin(", "acos(", "atan(", "sinh(", "cosh(", "tanh(",
        "asinh(", "acosh(", "atanh(", "clamp(", "clamp_min(", "clamp_max(", "round(", "timestamp(", "hour(", "minute(",
        "month(", "year(", "day_of_month(", "day_of_week(", "day_of_year(", "days_in_month(", "sort(", "sort_desc(",
        "label_replace(", "label_join(", "absent(", "scalar(", "vector(", "time()", "pi()", "sum", "avg", "min", "max",
        "count", "group", "stddev", "stdvar", "topk(", "bottomk(", "quantile", "count_values", "histogram_quantile(",
        " + ", " - ", " * ", " / ", " % ", " ^ ", " atan2 ", " == ", " != ", " > ", " < ", " >= ", " <= ", " bool ",
        " and ", " or ", " unless ", "on(", "ignoring(", "group_left(", "group_right(", " offset ", " @ ", "start()",
        "end()", ":]",
    ]
}
