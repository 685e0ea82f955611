import Testing

@testable import KlaxonMetrics

@Suite struct ProcFSTests {
    @Test("the stat line is split after the last parenthesis, so odd command names parse")
    func statLine() {
        let line =
            "4242 (my (odd) proc) S 1 4242 4242 0 -1 4194560 1200 0 3 0 150 25 0 0 20 0 4 0 987654 310476800 5936 "
            + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n"
        let stat = ProcFS.parseStat(line)
        #expect(
            stat
                == ProcFS.ProcessStat(
                    userTicks: 150, systemTicks: 25, startTicks: 987_654, virtualBytes: 310_476_800, residentPages: 5936))
        #expect(ProcFS.parseStat("4242 (truncated) S 1 2") == nil)
        #expect(ProcFS.parseStat("no parenthesis") == nil)
    }

    @Test("boot time, open-file limit and memory in use are read from their files")
    func otherFiles() {
        #expect(ProcFS.parseBootTime("cpu  1 2 3\nbtime 1700000000\nprocesses 5\n") == 1_700_000_000)
        #expect(ProcFS.parseBootTime("cpu 1\n") == nil)
        let limits = "Limit                     Soft Limit           Hard Limit           Units\n"
            + "Max open files            1024                 524288               files\n"
        #expect(ProcFS.parseMaxOpenFiles(limits) == 1024)
        #expect(ProcFS.parseMaxOpenFiles("Max open files            unlimited            unlimited            files\n") == .infinity)
        let meminfo = "MemTotal:       16000 kB\nMemFree:         1000 kB\nMemAvailable:    6000 kB\n"
        #expect(ProcFS.parseMemoryInUse(meminfo) == 10_240_000.0)
        #expect(ProcFS.parseMemoryInUse("MemTotal: 5 kB\n") == nil)
    }

    #if os(Linux)
    @Test("the live process collector reports plausible values")
    func liveCollector() throws {
        let families = Dictionary(
            uniqueKeysWithValues: ProcessCollector().collect().map { ($0.name, $0.series.first?.value) })
        guard case .gauge(let fds) = try #require(families["process_open_fds"] ?? nil) else { Issue.record("no fds"); return }
        #expect(fds >= 3)
        guard case .gauge(let start) = try #require(families["process_start_time_seconds"] ?? nil) else {
            Issue.record("no start time")
            return
        }
        #expect(start > 1_500_000_000)
        guard case .gauge(let resident) = try #require(families["process_resident_memory_bytes"] ?? nil) else {
            Issue.record("no rss")
            return
        }
        #expect(resident > 1_000_000)
    }
    #endif

    @Test("a missing procfs yields no families instead of failing")
    func missingProc() {
        #expect(ProcessCollector(procRoot: "/nonexistent-klaxon-proc").collect().isEmpty)
    }
}
