import KlaxonModel

extension TemplateFunctions {
    /// The functions Prometheus 3.x offers alert and console templates in text mode (`template.go`):
    /// `query first label value strvalue args reReplaceAll safeHtml match title toUpper toLower graphLink
    /// tableLink sortByLabel stripPort stripDomain humanize humanize1024 humanizeDuration humanizePercentage
    /// humanizeTimestamp toTime toDuration now pathPrefix externalURL parseDuration urlQueryEscape`.
    public static let prometheus = TemplateFunctions(PrometheusFunctions.table)
}

/// Implementations of Prometheus's template functions, with its argument types and error texts.
enum PrometheusFunctions {
    static let table: [String: TemplateFunction] = [
        "query": TemplateFunction([.string]) { (args, context) throws(TemplateFunctionError) in
            guard let querier = context.querier else { throw .nilPointer }
            do {
                let samples = try querier.query(string(args[0]), at: context.time)
                return .queryResult(samples.map { TemplateSample(labels: $0.labels, value: $0.v) })
            } catch {
                throw TemplateFunctionError(String(describing: error))
            }
        },
        "first": TemplateFunction([.queryResult]) { (args, _) throws(TemplateFunctionError) in
            guard case .queryResult(let q) = args[0], let first = q.first else {
                throw TemplateFunctionError("first() called on vector with no elements")
            }
            return .sample(first)
        },
        "label": TemplateFunction([.string, .sample]) { (args, _) throws(TemplateFunctionError) in
            .string(try sample(args[1]).labels[string(args[0])])
        },
        "value": TemplateFunction([.sample]) { (args, _) throws(TemplateFunctionError) in
            .float(try sample(args[0]).value)
        },
        "strvalue": TemplateFunction([.sample]) { (args, _) throws(TemplateFunctionError) in
            .string(try sample(args[0]).labels["__value__"])
        },
        "args": TemplateFunction([], variadic: .any) { args, _ in
            var m: [String: TemplateValue] = [:]
            for (i, a) in args.enumerated() { m["arg\(i)"] = a }
            return .map(m)
        },
        "reReplaceAll": TemplateFunction([.string, .string, .string]) { (args, _) throws(TemplateFunctionError) in
            let pattern = string(args[0])
            switch GoRegex.compile(pattern) {
            case .success(let re): return .string(re.replaceAll(string(args[2]), with: string(args[1])))
            case .failure(let e):
                // regexp.MustCompile panics; text/template turns the panic into the call's error.
                let quoted = GoStrconv.canBackquote(pattern) ? "`" + pattern + "`" : GoStrconv.quote(pattern)
                throw TemplateFunctionError("regexp: Compile(\(quoted)): \(e.message)")
            }
        },
        "safeHtml": TemplateFunction([.string]) { args, _ in .html(string(args[0])) },
        "match": TemplateFunction([.string, .string]) { (args, _) throws(TemplateFunctionError) in
            switch GoRegex.compile(string(args[0])) {
            case .success(let re): return .bool(re.matches(string(args[1])))
            case .failure(let e): throw e
            }
        },
        "title": TemplateFunction([.string]) { args, _ in .string(GoText.title(string(args[0]))) },
        "toUpper": TemplateFunction([.string]) { args, _ in .string(GoText.toUpper(string(args[0]))) },
        "toLower": TemplateFunction([.string]) { args, _ in .string(GoText.toLower(string(args[0]))) },
        "graphLink": TemplateFunction([.string]) { args, _ in
            .string("/graph?g0.expr=" + GoURL.queryEscape(string(args[0])) + "&g0.tab=0")
        },
        "tableLink": TemplateFunction([.string]) { args, _ in
            .string("/graph?g0.expr=" + GoURL.queryEscape(string(args[0])) + "&g0.tab=1")
        },
        "sortByLabel": TemplateFunction([.string, .queryResult]) { args, _ in
            guard case .queryResult(let q) = args[1] else { return args[1] }
            let name = string(args[0])
            // Swift's sort is stable, like Go's sort.Stable.
            return .queryResult(q.sorted { $0.labels[name].utf8.lexicographicallyPrecedes($1.labels[name].utf8) })
        },
        "stripPort": TemplateFunction([.string]) { args, _ in
            let hostPort = string(args[0])
            guard let (host, _) = GoNet.splitHostPort(hostPort) else { return .string(hostPort) }
            return .string(host)
        },
        "stripDomain": TemplateFunction([.string]) { args, _ in .string(GoNet.stripDomain(string(args[0]))) },
        "humanize": TemplateFunction([.any]) { (args, _) throws(TemplateFunctionError) in
            .string(Humanize.humanize(try convertToFloat(args[0])))
        },
        "humanize1024": TemplateFunction([.any]) { (args, _) throws(TemplateFunctionError) in
            .string(Humanize.humanize1024(try convertToFloat(args[0])))
        },
        "humanizeDuration": TemplateFunction([.any]) { (args, _) throws(TemplateFunctionError) in
            .string(Humanize.duration(try convertToFloat(args[0])))
        },
        "humanizePercentage": TemplateFunction([.any]) { (args, _) throws(TemplateFunctionError) in
            .string(Humanize.g4(try convertToFloat(args[0]) * 100) + "%")
        },
        "humanizeTimestamp": TemplateFunction([.any]) { (args, _) throws(TemplateFunctionError) in
            let v = try convertToFloat(args[0])
            if v.isNaN || v.isInfinite { return .string(Humanize.g4(v)) }
            return .string(try floatToTime(v).description)
        },
        "toTime": TemplateFunction([.any]) { (args, _) throws(TemplateFunctionError) in
            let v = try convertToFloat(args[0])
            if v.isNaN || v.isInfinite { throw TemplateFunctionError("value is NaN or Inf") }
            return .time(try floatToTime(v), pointer: true)
        },
        "toDuration": TemplateFunction([.any]) { (args, _) throws(TemplateFunctionError) in
            .durationPointer(goInt64(try convertToFloat(args[0]) * 1e9))
        },
        "now": TemplateFunction([]) { _, context in .float(Double(context.time) / 1000.0) },
        "pathPrefix": TemplateFunction([]) { (_, context) throws(TemplateFunctionError) in
            guard let url = context.externalURL else { throw .nilPointer }
            return .string(url.path)
        },
        "externalURL": TemplateFunction([]) { (_, context) throws(TemplateFunctionError) in
            guard let url = context.externalURL else { throw .nilPointer }
            return .string(url.string)
        },
        "parseDuration": TemplateFunction([.string]) { (args, _) throws(TemplateFunctionError) in
            switch Humanize.parseDuration(string(args[0])) {
            case .success(let ns): return .float(Double(ns) / 1e9)
            case .failure(let e): throw e
            }
        },
        "urlQueryEscape": TemplateFunction([.string]) { args, _ in .string(GoURL.queryEscape(string(args[0]))) },
    ]

    private static func string(_ v: TemplateValue) -> String {
        if case .string(let s) = v { return s }
        return ""
    }

    private static func sample(_ v: TemplateValue) throws(TemplateFunctionError) -> TemplateSample {
        guard case .sample(let s) = v else { throw .nilPointer }
        return s
    }

    /// Go's float-to-int64 conversion as amd64 performs it: out-of-range values and NaN give `MinInt64`.
    static func goInt64(_ v: Double) -> Int64 {
        guard v.isFinite, v >= -9.223372036854775808e18, v < 9.223372036854775808e18 else { return Int64.min }
        return Int64(v)
    }

    /// `common/helpers/templates.ConvertToFloat`.
    static func convertToFloat(_ v: TemplateValue) throws(TemplateFunctionError) -> Double {
        switch v {
        case .float(let f): return f
        case .string(let s):
            switch GoStrconv.parseFloat(s) {
            case .success(let f): return f
            case .failure(let e):
                throw TemplateFunctionError("strconv.ParseFloat: parsing \(GoStrconv.quote(s)): \(e.text)")
            }
        case .int(let i, .int), .int(let i, .int64): return Double(i)
        case .int(let d, .duration): return Double(d / 1_000_000_000) + Double(d % 1_000_000_000) / 1e9
        default: throw TemplateFunctionError("can't convert \(v.goTypeName) to float")
        }
    }

    /// Prometheus's `floatToTime`: seconds to a UTC time with millisecond precision.
    static func floatToTime(_ v: Double) throws(TemplateFunctionError) -> GoTime {
        let timestamp = v * 1e9
        if timestamp > 9.223372036854775807e18 || timestamp < -9.223372036854775808e18 {
            throw TemplateFunctionError(
                "\(GoFloatFormat.format(v, "g", -1)) cannot be represented as a nanoseconds timestamp since it overflows int64")
        }
        let ms = goInt64(timestamp) / 1_000_000
        return GoTime(seconds: ms / 1000, nanoseconds: (ms % 1000) * 1_000_000)
    }
}
