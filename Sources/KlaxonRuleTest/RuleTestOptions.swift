import KlaxonEngine
import KlaxonModel

/// Settings of a `klaxon test rules` run (promtool's flags plus Klaxon's).
public struct RuleTestOptions: Sendable {
    /// `--run`: only test groups whose name matches one of these regular expressions (unanchored).
    public var runPatterns: [String] = []
    /// `--ignore-unknown-fields`: unknown keys in rule files are allowed (test files stay strict).
    public var ignoreUnknownFields = false
    /// `--debug`: timings and a dump of all data per test group, on standard error.
    public var debug = false
    /// `--diff`: besides the minimal diff, print the complete expected and actual lists.
    public var fullListings = false
    /// Which modifiers PromQL may use (promtool's CLI: both on).
    public var modifiers = QueryModifiers()
    /// `--enable-feature=promql-delayed-name-removal`.
    public var delayedNameRemoval = false
    /// `--coverage`: report rules no test exercises and tested alerts that never fire.
    public var coverage = false
    /// `--fail-on-warnings`: exit 1 when any warning was printed.
    public var failOnWarnings = false
    /// ANSI colours in the output.
    public var color = false
    /// The most samples one query may load (promtool's test engine: 10000).
    public var maxSamples = 10_000

    public init() {}

    /// The engine promtool's lazy loader builds (`promqltest.LazyLoader`): 10000 samples, 100 s, subqueries
    /// without a step use the evaluation interval.
    func engineOptions(evaluationInterval: Int64) -> EngineOptions {
        var options = EngineOptions()
        options.maxSamples = maxSamples
        options.timeout = .seconds(100)
        options.defaultSubqueryStep = evaluationInterval
        options.delayedNameRemoval = delayedNameRemoval
        options.lookbackDelta = WellKnown.defaultLookbackDelta
        return options
    }
}
