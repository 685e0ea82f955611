import KlaxonModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The standard `process_*` metrics, read from `/proc/self` at collection time as client_golang's process
/// collector does: `process_cpu_seconds_total`, `process_resident_memory_bytes`, `process_virtual_memory_bytes`,
/// `process_start_time_seconds`, `process_open_fds`, `process_max_fds`. A value whose file cannot be read
/// is left out; where there is no `/proc` (macOS) the collector yields nothing.
public struct ProcessCollector: MetricsCollector {
    /// The procfs mount point (a directory with `self/` and `stat`), replaceable for tests.
    public let procRoot: String

    /// Reads from `procRoot` (default `/proc`).
    public init(procRoot: String = "/proc") {
        self.procRoot = procRoot
    }

    public func collect() -> [MetricFamilySnapshot] {
        typealias Catalog = PlatformMetricCatalog
        var families: [MetricFamilySnapshot] = []
        func add(_ descriptor: MetricDescriptor, _ value: Double?) {
            guard let value else { return }
            let sample = descriptor.type == .counter ? SeriesValue.counter(value) : SeriesValue.gauge(value)
            families.append(
                MetricFamilySnapshot(
                    name: descriptor.name, help: descriptor.help, type: descriptor.type, unit: descriptor.unit,
                    series: [SeriesSnapshot(labels: [:], value: sample)]
                )
            )
        }
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        if let text = ProcFS.readFile(procRoot + "/self/stat"), let stat = ProcFS.parseStat(text), ticksPerSecond > 0 {
            add(Catalog.processCPUSeconds, Double(stat.userTicks + stat.systemTicks) / ticksPerSecond)
            add(Catalog.processResidentMemory, Double(stat.residentPages) * pageSize)
            add(Catalog.processVirtualMemory, Double(stat.virtualBytes))
            if let boot = ProcFS.readFile(procRoot + "/stat").flatMap(ProcFS.parseBootTime) {
                add(Catalog.processStartTime, Double(boot) + Double(stat.startTicks) / ticksPerSecond)
            }
        }
        add(Catalog.processOpenFDs, ProcFS.countEntries(procRoot + "/self/fd").map(Double.init))
        add(Catalog.processMaxFDs, ProcFS.readFile(procRoot + "/self/limits").flatMap(ProcFS.parseMaxOpenFiles))
        return families
    }
}
