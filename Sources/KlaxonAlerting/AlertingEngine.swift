import KlaxonConfig
public import KlaxonEngine
public import KlaxonMetrics
public import KlaxonModel
public import KlaxonRules
public import KlaxonStorage
import KlaxonTemplate
public import Logging
import Synchronization

/// Klaxon embedded in an application: Prometheus's rule evaluation and alerting over the application's own
/// `MetricsRegistry`, with no Prometheus server anywhere.
///
/// ```swift
/// let metrics = PlatformMetrics()
/// let engine = try AlertingEngine(
///     ruleFiles: ["rules/"], registry: metrics.registry, notifiers: [LoggingAlertNotifier()])
/// try await withThrowingDiscardingTaskGroup { group in
///     group.addTask { try await engine.run() }   // until cancelled or `engine.stop()`
///     group.addTask { try await app.run() }
/// }
/// ```
///
/// `run()` does, concurrently:
/// - **the in-process feed**: every `feedInterval` it collects the registry and appends the samples to the
///   engine's own `MemoryStorage` as a scrape of one target would (`job`/`instance` labels, `up`,
///   `scrape_duration_seconds`, `scrape_samples_scraped`, staleness markers for series that disappeared);
///   samples older than `retention` are dropped as it goes;
/// - **one evaluation loop per rule group**, at the times Prometheus would evaluate it (the group's slot,
///   `RuleGroup.evaluationSlot`, plus whole intervals, skipping slots missed while the process was late),
///   writing recording-rule results and `ALERTS`/`ALERTS_FOR_STATE` to the storage and handing alerts to
///   the notifiers with Prometheus's resend semantics (see `AlertNotifier`);
/// - each notifier's `run()`.
///
/// Time comes from the injected `TimeSource`: tests drive the whole engine with `ManualTimeSource`.
/// Alert state is not restored from storage at start (the storage starts empty); it lives as long as the
/// engine.
public final class AlertingEngine: Sendable {
    /// The engine's time-series store: fed samples, recording-rule results and alert series. Query it with
    /// `queryEngine` (or any `Engine`) for an HTTP API or tests.
    public let storage: MemoryStorage
    /// The query engine the rules run on, with `options.engine`.
    public let queryEngine: Engine
    /// The registry the feed collects.
    public let registry: MetricsRegistry
    public let options: AlertingEngineOptions

    let notifiers: [any AlertNotifier]
    let timeSource: any TimeSource
    let logger: Logger
    let runners: [RuleGroupRunner]
    let shutdown = ShutdownSignal()
    let status: Mutex<EngineStatus>

    /// What the engine's loops publish for the accessors.
    struct EngineStatus {
        enum Lifecycle { case idle, running, finished }
        var lifecycle = Lifecycle.idle
        var feed = InProcessFeedStatus()
        /// Per group (indexed like `runners`): evaluations done and slots missed.
        var iterations: [Int]
        var missedIterations: [Int]
    }

    /// Creates an engine for rule groups already decoded (by KlaxonConfig's loader, or built in code).
    ///
    /// The groups are validated as Prometheus validates rule files (names, labels, templates, `for` and
    /// `keep_firing_for`); any error throws `AlertingEngineError.invalidRules` with every diagnostic, and
    /// warnings are logged. Groups without `interval:` use `options.evaluationInterval`.
    ///
    /// - Parameters:
    ///   - ruleGroups: the groups, in evaluation order.
    ///   - registry: the application's registry, collected every `options.feedInterval`.
    ///   - notifiers: where alerts go; each gets every alert to send, in the order given.
    ///   - timeSource: wall clock and sleeping; `ManualTimeSource` in tests.
    ///   - logger: for rule failures, missed iterations and feed problems.
    public convenience init(
        ruleGroups: [RuleGroupSpec],
        registry: MetricsRegistry,
        notifiers: [any AlertNotifier] = [],
        options: AlertingEngineOptions = AlertingEngineOptions(),
        timeSource: any TimeSource = SystemTimeSource(),
        logger: Logger = Logger(label: "klaxon.alerting")
    ) throws(AlertingEngineError) {
        try self.init(
            groups: ruleGroups, validate: true, registry: registry, notifiers: notifiers, options: options,
            timeSource: timeSource, logger: logger)
    }

    /// The designated initialiser; `validate` is false for groups the rule-file loader has validated.
    init(
        groups ruleGroups: [RuleGroupSpec], validate: Bool, registry: MetricsRegistry,
        notifiers: [any AlertNotifier], options: AlertingEngineOptions, timeSource: any TimeSource, logger: Logger
    ) throws(AlertingEngineError) {
        let evaluationInterval = options.evaluationInterval.milliseconds
        for (name, value) in [
            ("evaluation interval", evaluationInterval), ("feed interval", options.feedInterval.milliseconds),
            ("retention", options.retention.milliseconds),
        ] where value <= 0 {
            throw AlertingEngineError(.invalidOptions, "\(name) must be positive, got \(value)ms")
        }
        let storage = MemoryStorage()
        let queryEngine = Engine(options: options.engine)
        var evaluationOptions = RuleEvaluationOptions()
        evaluationOptions.resendDelay = max(0, options.resendDelay.milliseconds)
        evaluationOptions.externalLabels = options.externalLabels
        evaluationOptions.externalURL = options.externalURL
        evaluationOptions.templates = GoTemplateExpander(
            querier: StorageTemplateQuerier(engine: queryEngine, storage: storage),
            externalURL: TemplateExternalURL(options.externalURL))

        if validate {
            let diagnostics = RuleValidation.validate(
                ruleGroups, scheme: options.nameValidation, templates: evaluationOptions.templates
            ).sortedByPosition()
            let errors = diagnostics.filter { $0.severity == .error }
            guard errors.isEmpty else {
                throw AlertingEngineError(
                    .invalidRules, "\(errors.count) error(s) in rule groups", diagnostics: diagnostics)
            }
            for warning in diagnostics {
                logger.warning("\(warning)")
            }
        }
        var groups: [RuleGroup] = []
        for spec in ruleGroups {
            do throws(RuleGroup.SpecError) {
                groups.append(
                    try RuleGroup(
                        spec: spec, defaultInterval: evaluationInterval,
                        defaultQueryOffset: max(0, options.ruleQueryOffset.milliseconds)))
            } catch {
                throw AlertingEngineError(.invalidRules, error.message)
            }
        }
        // A fresh storage holds nothing to restore `for` state from: alerts series are written from the start.
        let plan = RuleReload.plan(current: [], new: groups, isFirstLoad: false)

        self.storage = storage
        self.queryEngine = queryEngine
        self.registry = registry
        self.options = options
        self.notifiers = notifiers
        self.timeSource = timeSource
        self.logger = logger
        runners = plan.groups.map { RuleGroupRunner($0, options: evaluationOptions) }
        status = Mutex(
            EngineStatus(
                iterations: Array(repeating: 0, count: plan.groups.count),
                missedIterations: Array(repeating: 0, count: plan.groups.count)))
    }

    /// Creates an engine for rule files: paths or glob patterns as in Prometheus's `rule_files` (a directory
    /// stands for its `*.yml` and `*.yaml` files), loaded with KlaxonConfig's `RuleFileLoader` (promtool's
    /// strictness). Any error in any file throws `AlertingEngineError.invalidRules` with every diagnostic
    /// (`rules/api.yml:14:14: error: …`); warnings (a pattern that matches nothing) are logged.
    /// The other parameters are those of `init(ruleGroups:…)`.
    public convenience init(
        ruleFiles: [String],
        registry: MetricsRegistry,
        notifiers: [any AlertNotifier] = [],
        options: AlertingEngineOptions = AlertingEngineOptions(),
        timeSource: any TimeSource = SystemTimeSource(),
        logger: Logger = Logger(label: "klaxon.alerting")
    ) throws(AlertingEngineError) {
        let loader = RuleFileLoader(options: RuleFileLoader.Options(nameValidation: options.nameValidation))
        var files: [RuleFile] = []
        var diagnostics: [Diagnostic] = []
        for path in ruleFiles {
            guard SourceFile.isDirectory(path) else {
                let (loaded, problems) = loader.load(patterns: [path])
                files += loaded
                diagnostics += problems
                continue
            }
            let names = (SourceFile.directoryEntries(path) ?? [])
                .filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }
                .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            if names.isEmpty {
                diagnostics.append(
                    Diagnostic(
                        .warning, code: "file.no-match", message: "no *.yml or *.yaml file in directory \(path)",
                        span: SourceSpan(file: path, start: SourcePosition(line: 1, column: 1))))
            }
            let directory = path.hasSuffix("/") ? path : path + "/"
            files += names.map { loader.load(path: directory + $0) }
        }
        for file in files { diagnostics += file.diagnostics + file.warnings }
        let errors = diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else {
            throw AlertingEngineError(
                .invalidRules, "\(errors.count) error(s) in rule files", diagnostics: diagnostics.sortedByPosition())
        }
        for warning in diagnostics.sortedByPosition() {
            logger.warning("\(warning)")
        }
        try self.init(
            groups: files.flatMap(\.groups), validate: false, registry: registry, notifiers: notifiers,
            options: options, timeSource: timeSource, logger: logger)
    }

    // MARK: Accessors

    /// Every rule group with its state, in evaluation order.
    public func ruleGroups() async -> [RuleGroupStatus] {
        var out: [RuleGroupStatus] = []
        for (index, runner) in runners.enumerated() {
            let loaded = await runner.loaded
            let (iterations, missed) = status.withLock { ($0.iterations[index], $0.missedIterations[index]) }
            out.append(
                RuleGroupStatus(
                    group: loaded.group, state: loaded.state, iterations: iterations, missedIterations: missed))
        }
        return out
    }

    /// Pending and firing alerts of every alerting rule, group by group.
    public func alerts() async -> [ActiveAlert] {
        await ruleGroups().flatMap(\.activeAlerts)
    }

    /// The health of every rule, group by group.
    public func ruleStatuses() async -> [RuleStatus] {
        await ruleGroups().flatMap(\.rules)
    }

    /// What the in-process feed did last.
    public var feedStatus: InProcessFeedStatus { status.withLock { $0.feed } }

    /// Whether `run()` is in progress.
    public var isRunning: Bool { status.withLock { $0.lifecycle == .running } }
}
