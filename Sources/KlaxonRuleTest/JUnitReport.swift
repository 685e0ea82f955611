#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A JUnit XML report as promtool's `--junit` writes it (Prometheus's `util/junitxml`): one `<testsuite>` per
/// test file, one `<testcase>` per test group run, one `<failure>` per error; a file that could not be run gets
/// an `<error>` on a case named `unknown`. Written on one line, escaped as Go's `encoding/xml` escapes.
public struct JUnitReport: Sendable, Equatable {
    /// One test file.
    public struct Suite: Sendable, Equatable {
        public var name: String
        public var timestamp = ""
        public var cases: [Case] = []
        public var failureCount = 0
        public var errorCount = 0

        public init(name: String) { self.name = name }

        /// Starts a test case (promtool's `Case`).
        public mutating func startCase(_ name: String) { cases.append(Case(name: name)) }

        /// Records a failure on the last case (promtool's `Fail`).
        public mutating func fail(_ message: String) {
            if cases.isEmpty { startCase("unknown") }
            failureCount += 1
            cases[cases.count - 1].failures.append(message)
        }

        /// Records an error that stopped the file (promtool's `Abort`).
        public mutating func abort(_ message: String) {
            if cases.isEmpty { startCase("unknown") }
            errorCount += 1
            cases[cases.count - 1].error = message
        }
    }

    /// One test group.
    public struct Case: Sendable, Equatable {
        public var name: String
        public var failures: [String] = []
        public var error: String?
    }

    public var suites: [Suite] = []

    public init() {}

    /// The XML document.
    public var xml: String {
        var out = "<testsuites>"
        for suite in suites {
            out += "<testsuite name=\"\(Self.escape(suite.name))\" tests=\"\(suite.cases.count)\""
            out += " failures=\"\(suite.failureCount)\" errors=\"\(suite.errorCount)\" skipped=\"0\""
            out += " timestamp=\"\(Self.escape(suite.timestamp))\">"
            for testCase in suite.cases {
                out += "<testcase name=\"\(Self.escape(testCase.name))\">"
                for failure in testCase.failures { out += "<failure>\(Self.escape(failure))</failure>" }
                if let error = testCase.error, !error.isEmpty { out += "<error>\(Self.escape(error))</error>" }
                out += "</testcase>"
            }
            out += "</testsuite>"
        }
        return out + "</testsuites>"
    }

    /// Go's `xml.EscapeText`.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\t": out += "&#x9;"
            case "\n": out += "&#xA;"
            case "\r": out += "&#xD;"
            default:
                let v = scalar.value
                let valid =
                    v == 0x09 || v == 0x0A || v == 0x0D || (v >= 0x20 && v <= 0xD7FF)
                    || (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF)
                if valid { out.unicodeScalars.append(scalar) } else { out += "\u{FFFD}" }
            }
        }
        return out
    }

    /// The local time as Go's `time.Now().Format("2006-01-02T15:04:05")`.
    public static func now() -> String {
        var seconds = time(nil)
        var parts = tm()
        localtime_r(&seconds, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }
}
