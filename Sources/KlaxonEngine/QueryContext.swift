import KlaxonModel
import KlaxonStorage

/// The series of one selector, fetched once for the whole query.
final class SelectorData {
    /// Series as the source returned them (sorted by labels), staleness markers included.
    let series: [SeriesSamples]
    /// The same series without staleness markers (what range selectors see); computed on first use.
    private var withoutStale: [[FPoint]]?

    init(series: [SeriesSamples]) {
        self.series = series
    }

    /// Points of every series with staleness markers removed.
    var rangePoints: [[FPoint]] {
        if let cached = withoutStale { return cached }
        var out: [[FPoint]] = []
        out.reserveCapacity(series.count)
        for s in series {
            if s.points.contains(where: { StaleMarker.isStale($0.v) }) {
                out.append(s.points.filter { !StaleMarker.isStale($0.v) })
            } else {
                out.append(s.points)
            }
        }
        withoutStale = out
        return out
    }
}

/// State shared by every evaluator of one query: fetched data, limits, annotations.
final class QueryContext {
    let options: EngineOptions
    let selectors: [SelectorData]
    let infos: [SelectorData]
    let infoSpecs: [InfoSpec]
    var annotations = Annotations()
    /// Samples currently held in memory, as Prometheus counts them for `--query.max-samples`.
    var samples = 0
    let deadline: ContinuousClock.Instant?
    private var checkCounter = 0

    init(options: EngineOptions, selectors: [SelectorData], infos: [SelectorData], infoSpecs: [InfoSpec]) {
        self.options = options
        self.selectors = selectors
        self.infos = infos
        self.infoSpecs = infoSpecs
        if let timeout = options.timeout {
            deadline = ContinuousClock.now.advanced(by: timeout)
        } else {
            deadline = nil
        }
    }

    var lookback: Int64 { options.lookbackDelta }

    static let tooManySamplesMessage = "query processing would load too many samples into memory in query execution"

    /// Throws when `count` more samples would exceed the limit.
    @inline(__always) func checkSamples(_ count: Int) throws(EvaluationError) {
        if samples &+ count > options.maxSamples {
            throw EvaluationError(.tooManySamples, QueryContext.tooManySamplesMessage)
        }
    }

    @inline(__always) func addSamples(_ count: Int) throws(EvaluationError) {
        samples &+= count
        if samples > options.maxSamples {
            throw EvaluationError(.tooManySamples, QueryContext.tooManySamplesMessage)
        }
    }

    /// Cooperative cancellation and timeout; cheap enough to call per series or per step.
    @inline(__always) func checkCancellation() throws(EvaluationError) {
        checkCounter &+= 1
        if checkCounter & 255 != 0 { return }
        try checkCancellationNow()
    }

    func checkCancellationNow() throws(EvaluationError) {
        if Task.isCancelled {
            throw EvaluationError(.canceled, "query was canceled in expression evaluation")
        }
        if let deadline, ContinuousClock.now >= deadline {
            throw EvaluationError(.timeout, "query timed out in expression evaluation")
        }
    }
}
