import KlaxonModel
import KlaxonPromQL
import Testing
@testable import KlaxonConformance

@Suite struct TestScriptParserTests {
    private func parse(_ text: String) -> TestScript { TestScript(parsing: text, file: "t.test") }

    @Test("blocks end at blank and comment lines; indentation means nothing")
    func blocks() throws {
        let script = parse(
            """
            load 5m
            \tfoo{a="1"} 1 2
              bar 3
            # comment
            eval instant at 5m foo
                # empty
                foo{a="1"} 2

            clear
            eval range from 0 to 10m step 5m bar
              bar 3 _
            """)
        #expect(script.problems.count == 1)
        #expect(script.commands.count == 5)
        guard case .load(let load) = script.commands[0] else { throw Failure("expected a load") }
        #expect(load.interval == 300_000 && load.series.count == 2 && !load.withNHCB)
        guard case .eval(let first) = script.commands[1] else { throw Failure("expected an eval") }
        #expect(first.timing == .instant(at: 300_000))
        #expect(first.expected == .series([]))
        #expect(first.line == 5 && first.exprColumn == 20)
        guard case .invalid(let error) = script.commands[2] else { throw Failure("expected an invalid command") }
        #expect(error.line == 7 && error.code == "script.unknown-command")
        guard case .clear(let line) = script.commands[3] else { throw Failure("expected clear") }
        #expect(line == 9)
        guard case .eval(let range) = script.commands[4] else { throw Failure("expected an eval") }
        #expect(range.timing == .range(start: 0, end: 600_000, step: 300_000))
        #expect(range.expected == .series([ExpectedSeries(line: 11, labels: ["__name__": "bar"], values: [.value(3), .omitted])]))
    }

    @Test("expect lines of the 3.x syntax")
    func expectLines() throws {
        let script = parse(
            """
            eval instant at 1m foo
              expect fail msg: something  bad

            eval instant at 1m foo
              expect fail regex: conflict(ing)? label

            eval instant at 1m foo
              expect warn
              expect warn msg:PromQL warning: x
              expect no_info
              expect ordered
              foo 1
              bar 2

            eval instant at 0 "x"
              expect string `a"b`
            """)
        #expect(script.problems == [])
        let evals = script.evals
        try #require(evals.count == 4)
        #expect(evals[0].expectsFailure && evals[0].failMatcher == .exact("something  bad"))
        #expect(evals[1].failMatcher == .pattern("conflict(ing)? label"))
        #expect(evals[1].failMatcher.matches("found conflicting label set"))
        #expect(evals[2].warnings == [.any, .exact("PromQL warning: x")])
        #expect(evals[2].noInfos && evals[2].ordered && !evals[2].noWarnings)
        #expect(evals[3].expected == .string("a\"b"))
    }

    @Test("old forms: eval_fail with message lines, eval_warn, eval_info, eval_ordered")
    func oldForms() throws {
        let script = parse(
            """
            eval_fail instant at 1m foo
              expected_fail_message boom  here

            eval_fail range from 0 to 1m step 1m foo
              expected_fail_regexp b.om

            eval_warn instant at 0 foo

            eval_info instant at 0 foo

            eval_ordered instant at 0 foo
            """)
        #expect(script.problems == [])
        let evals = script.evals
        try #require(evals.count == 5)
        #expect(evals[0].expectsFailure && evals[0].failMatcher == .exact("boom  here"))
        #expect(evals[1].failMatcher == .pattern("b.om"))
        #expect(evals[2].requiresWarning && evals[3].requiresInfo && evals[4].ordered)
    }

    @Test("scalar lines, range vectors and duplicate rows")
    func results() throws {
        let script = parse(
            """
            eval instant at 1m 1 + 1
              2

            eval instant at 1m 0x10
              0x10

            eval instant at 0 foo[1m]
              expect range vector from 10s to 1m step 10s
              foo 1 _ 3

            eval instant at 0 foo
              foo 1
              foo 2

            load 1m
              x 1
              x 2 3
            """)
        #expect(script.problems == [])
        let evals = script.evals
        try #require(evals.count == 4)
        #expect(evals[0].expected == .scalar(2))
        #expect(evals[1].expected == .scalar(16))
        #expect(evals[2].timing == .instant(at: 60_000))
        #expect(evals[2].rangeVector?.start == 10_000 && evals[2].rangeVector?.step == 10_000)
        #expect(evals[3].expected == .series([ExpectedSeries(line: 13, labels: ["__name__": "foo"], values: [.value(2)])]))
        guard case .load(let load) = script.commands.last else { throw Failure("expected a load") }
        #expect(load.series.count == 1 && load.series[0].values == [.value(2), .value(3)])
    }

    @Test("@st lines attach to the next series line")
    func startTimestamps() throws {
        let script = parse(
            """
            load 1m
              c{t="a"}@st _ -30s-1mx1
              c{t="a"} 1 2 3
            """)
        #expect(script.problems == [])
        guard case .load(let load) = script.commands.first else { throw Failure("expected a load") }
        #expect(load.series[0].startTimestampOffsets == [nil, -30_000, -90_000])
    }

    @Test(
        "malformed scripts give located errors",
        arguments: [
            ("frobnicate 5m", 1, "script.unknown-command"),
            ("load 5x", 1, "script.invalid-duration"),
            ("load", 1, "script.invalid-load"),
            ("load 5m\n  foo{ 1", 2, "script.invalid-series"),
            ("load 1m\n  c@st 1m\n", 2, "script.invalid-st"),
            ("load 1m\n  c@st 1m 2m\n  c 1", 2, "script.invalid-st"),
            ("load 1m\n  c@st 1m\n  d 1", 2, "script.invalid-st"),
            ("eval instant foo", 1, "script.invalid-eval"),
            ("eval instant at 1q foo", 1, "script.invalid-duration"),
            ("eval range from 5m to 1m step 1m foo", 1, "script.invalid-eval"),
            ("eval range from 0 to 1m step 0 foo", 1, "script.invalid-eval"),
            ("eval_ordered range from 0 to 1m step 1m foo", 1, "script.invalid-eval"),
            ("eval instant at 1m foo\n  foo 1 2", 2, "script.invalid-result"),
            ("eval instant at 1m foo\n  1\n  foo 1", 3, "script.invalid-result"),
            ("eval instant at 1m foo\n  expect sometimes", 2, "script.invalid-expect"),
            ("eval instant at 1m foo\n  expect warn\n  expect no_warn", 3, "script.invalid-expect"),
            ("eval instant at 1m foo\n  expect fail\n  expect fail", 3, "script.invalid-expect"),
            ("eval instant at 1m foo\n  expect fail regex: (", 2, "script.invalid-regex"),
            ("eval instant at 1m foo\n  expect string foo", 2, "script.invalid-string"),
            ("eval instant at 1m foo\n  expect string", 2, "script.invalid-string"),
            ("eval range from 0 to 1m step 1m foo\n  expect range vector from 0 to 1m step 1m", 2, "script.invalid-expect"),
            ("eval instant at 1m foo\n  expect range vector from 1m to 0 step 1m", 2, "script.invalid-expect"),
            ("eval_fail instant at 1m foo\n  expected_fail_message x\n  y", 3, "script.unknown-command"),
        ] as [(String, Int, String)])
    func malformed(text: String, line: Int, code: String) throws {
        let script = parse(text)
        let problem = try #require(script.problems.first)
        #expect(problem.line == line)
        #expect(problem.code == code)
        #expect(problem.description.hasPrefix("t.test:\(line)"))
        #expect(throws: ScriptError.self) { try TestScript.parseStrict(text, file: "t.test") }
    }

    @Test("arbitrary text never traps the parser")
    func garbage() {
        var generator = SplitMix64(seed: 11)
        let words = ["load", "eval", "instant", "at", "range", "from", "to", "step", "1m", "0", "expect", "fail", "warn",
                     "msg:", "regex:", "(", "string", "\"", "foo", "{a=\"b\"}", "_x2", "1+2x3", "\n", "\n\n", "#", "@st",
                     "clear", "eval_fail", "expected_fail_message", "vector", "ordered", "{{", "}}", "\t"]
        for _ in 0..<2000 {
            let count = generator.int(in: 0...30)
            let text = (0..<count).map { _ in generator.pick(words) }.joined(separator: generator.chance(0.5) ? " " : "")
            let script = parse(text)
            for problem in script.problems { #expect(problem.line >= 1) }
        }
    }
}

/// A test-local error for `throw` in tests that need to stop.
struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
