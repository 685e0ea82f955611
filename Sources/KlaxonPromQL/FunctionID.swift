/// Every PromQL function of Prometheus 3.x (including experimental ones); `rawValue` is the PromQL spelling.
/// The parser's signatures (`FunctionID+Signature.swift`) and the engine's kernels switch over this enum
/// exhaustively, so a new case does not compile until both know it.
public enum FunctionID: String, CaseIterable, Sendable {
    case abs, absent, acos, acosh, asin, asinh, atan, atanh, ceil, changes, clamp, cos, cosh, deg, delta, deriv
    case exp, floor, hour, idelta, increase, info, irate, ln, log10, log2, minute, month, pi, rad, rate, resets
    case round, scalar, sgn, sin, sinh, sort, sqrt, tan, tanh, time, timestamp, vector, year
    case absentOverTime = "absent_over_time"
    case avgOverTime = "avg_over_time"
    case clampMax = "clamp_max"
    case clampMin = "clamp_min"
    case countOverTime = "count_over_time"
    case daysInMonth = "days_in_month"
    case dayOfMonth = "day_of_month"
    case dayOfWeek = "day_of_week"
    case dayOfYear = "day_of_year"
    case doubleExponentialSmoothing = "double_exponential_smoothing"
    case firstOverTime = "first_over_time"
    case histogramAvg = "histogram_avg"
    case histogramCount = "histogram_count"
    case histogramFraction = "histogram_fraction"
    case histogramQuantile = "histogram_quantile"
    case histogramQuantiles = "histogram_quantiles"
    case histogramSum = "histogram_sum"
    case histogramStddev = "histogram_stddev"
    case histogramStdvar = "histogram_stdvar"
    case labelJoin = "label_join"
    case labelReplace = "label_replace"
    case lastOverTime = "last_over_time"
    case madOverTime = "mad_over_time"
    /// `max_of(a, b)` / `min_of(a, b)` over scalars (3.x experimental; also usable in duration expressions).
    case maxOf = "max_of"
    case minOf = "min_of"
    case maxOverTime = "max_over_time"
    case minOverTime = "min_over_time"
    case predictLinear = "predict_linear"
    case presentOverTime = "present_over_time"
    case quantileOverTime = "quantile_over_time"
    case sortByLabel = "sort_by_label"
    case sortByLabelDesc = "sort_by_label_desc"
    case sortDesc = "sort_desc"
    case stddevOverTime = "stddev_over_time"
    case stdvarOverTime = "stdvar_over_time"
    case sumOverTime = "sum_over_time"
    case tsOfFirstOverTime = "ts_of_first_over_time"
    case tsOfLastOverTime = "ts_of_last_over_time"
    case tsOfMaxOverTime = "ts_of_max_over_time"
    case tsOfMinOverTime = "ts_of_min_over_time"
    case startTimestamp = "start_timestamp"
    /// `start()`, `end()`, `range()`, `step()`: the query's parameters as scalars (3.x experimental).
    case start, end, range, step
}
