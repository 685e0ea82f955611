import KlaxonModel
import Testing

@testable import KlaxonYAML

/// Typed reads of `k`'s value in `k: <value>`; errors are expected at 1:4 with the path `k`.
@Suite struct YAMLNodeDecodingTests {
    enum Outcome<T: Equatable & Sendable>: Equatable, Sendable {
        case value(T)
        case error(String)
    }

    private func read<T: Equatable>(
        _ value: String, dialect: YAMLDialect = .goYAMLv3,
        _ body: (YAMLNode, YAMLPath, YAMLDialect) throws(YAMLDecodingError) -> T
    ) throws -> Outcome<T> {
        let root = try #require(try YAML.parse("k: \(value)\n", file: "f.yaml"))
        let node = try #require(root["k"])
        do {
            return .value(try body(node, ["k"], dialect))
        } catch {
            #expect(error.span.start == SourcePosition(line: 1, column: 4))
            #expect(error.path == ["k"])
            return .error(error.message)
        }
    }

    /// (value, yaml.v2 outcome, yaml.v3 outcome). Chosen behaviour: each dialect exactly as its Go decoder,
    /// because rule files (v3) and test files/configs (v2) must accept what Prometheus accepts.
    @Test(
        "booleans follow each Go decoder",
        arguments: [
            ("true", Outcome.value(true), Outcome.value(true)), ("False", .value(false), .value(false)),
            ("yes", .value(true), .value(true)), ("Y", .value(true), .value(true)), ("on", .value(true), .value(true)),
            ("OFF", .value(false), .value(false)), ("n", .value(false), .value(false)),
            ("'yes'", .error("cannot unmarshal !!str `yes` into bool"), .value(true)),
            ("\"off\"", .error("cannot unmarshal !!str `off` into bool"), .value(false)),
            (
                "'true'", .error("cannot unmarshal !!str `true` into bool"),
                .error("cannot unmarshal !!str `true` into bool")
            ),
            ("yES", .error("cannot unmarshal !!str `yES` into bool"), .error("cannot unmarshal !!str `yES` into bool")),
            ("1", .error("cannot unmarshal !!int `1` into bool"), .error("cannot unmarshal !!int `1` into bool")),
            ("~", .value(false), .value(false)), ("", .value(false), .value(false)),
            ("[true]", .error("cannot unmarshal !!seq into bool"), .error("cannot unmarshal !!seq into bool")),
        ])
    func bools(value: String, v2: Outcome<Bool>, v3: Outcome<Bool>) throws {
        #expect(
            try read(value, dialect: .goYAMLv2) { n, p, d throws(YAMLDecodingError) in try n.bool(at: p, dialect: d) }
                == v2)
        #expect(
            try read(value, dialect: .goYAMLv3) { n, p, d throws(YAMLDecodingError) in try n.bool(at: p, dialect: d) }
                == v3)
    }

    @Test(
        "integers: Go's syntax, floats truncated, everything else an error",
        arguments: [
            ("42", Outcome.value(42)), ("-7", .value(-7)), ("0x1F", .value(31)), ("0o17", .value(15)),
            ("017", .value(15)), ("1_000", .value(1000)), ("1.9", .value(1)), ("-1.9", .value(-1)),
            ("1e3", .value(1000)), ("~", .value(0)), ("", .value(0)),
            ("abc", .error("cannot unmarshal !!str `abc` into int")),
            ("'5'", .error("cannot unmarshal !!str `5` into int")),
            ("true", .error("cannot unmarshal !!bool `true` into int")),
            ("9223372036854775808", .error("cannot unmarshal !!int `9223372...` into int")),
            ("1e19", .error("cannot unmarshal !!float `1e19` into int")),
            (".inf", .error("cannot unmarshal !!float `.inf` into int")),
            (".nan", .error("cannot unmarshal !!float `.nan` into int")),
            ("2001-12-14", .error("cannot unmarshal !!timestamp `2001-12-14` into int")),
            ("{a: 1}", .error("cannot unmarshal !!map into int")),
            ("!!str 5", .error("cannot unmarshal !!str `5` into int")),
            ("!custom 5", .error("cannot unmarshal !custom `5` into int")),
        ])
    func ints(value: String, expected: Outcome<Int>) throws {
        #expect(try read(value) { n, p, d throws(YAMLDecodingError) in try n.int(at: p, dialect: d) } == expected)
        #expect(
            try read(value, dialect: .goYAMLv2) { n, p, d throws(YAMLDecodingError) in try n.int(at: p, dialect: d) }
                == expected)
    }

    @Test(
        "floats accept ints, floats and the YAML infinities",
        arguments: [
            ("1", Outcome.value(1.0)), ("-2.5", .value(-2.5)), ("1e3", .value(1000)), (".inf", .value(.infinity)),
            ("-.Inf", .value(-.infinity)), ("0x10", .value(16)), ("~", .value(0)),
            ("18446744073709551615", .value(0x1p64)),
            ("'1'", .error("cannot unmarshal !!str `1` into float64")),
            ("one point five", .error("cannot unmarshal !!str `one poi...` into float64")),
            ("[1]", .error("cannot unmarshal !!seq into float64")),
        ])
    func doubles(value: String, expected: Outcome<Double>) throws {
        #expect(try read(value) { n, p, d throws(YAMLDecodingError) in try n.double(at: p, dialect: d) } == expected)
    }

    @Test("NaN reads as a float")
    func nan() throws {
        let outcome = try read(".NaN") { n, p, d throws(YAMLDecodingError) in try n.double(at: p, dialect: d) }
        guard case .value(let value) = outcome else {
            Issue.record("expected a value, got \(outcome)")
            return
        }
        #expect(value.isNaN)
    }

    @Test(
        "strings take any scalar's text; null is empty; collections are errors",
        arguments: [
            ("5", Outcome.value("5")), ("true", .value("true")), ("~", .value("")), ("", .value("")),
            ("'~'", .value("~")), ("\"a\\tb\"", .value("a\tb")), ("0x10", .value("0x10")),
            ("[1]", .error("cannot unmarshal !!seq into string")),
            ("{a: 1}", .error("cannot unmarshal !!map into string")),
        ])
    func strings(value: String, expected: Outcome<String>) throws {
        #expect(try read(value) { n, p, d throws(YAMLDecodingError) in try n.string(at: p, dialect: d) } == expected)
    }

    @Test(
        "durations go through the scalar's text, as model.Duration does",
        arguments: [
            ("5m", Outcome.value(Int64(300_000))), ("1h30m", .value(5_400_000)), ("0", .value(0)), ("~", .value(0)),
            ("250ms", .value(250)), ("'2w'", .value(1_209_600_000)),
            ("5", .error("not a valid duration string: \"5\"")),
            ("abc", .error("not a valid duration string: \"abc\"")),
            ("''", .error("empty duration string")),
            ("[5m]", .error("cannot unmarshal !!seq into string")),
        ])
    func durations(value: String, expected: Outcome<Int64>) throws {
        #expect(try read(value) { n, p, d throws(YAMLDecodingError) in try n.duration(at: p, dialect: d) } == expected)
    }

    @Test("sequences and mappings read as lists and pairs; null is empty; other kinds are errors")
    func collections() throws {
        let root = try #require(try YAML.parse("s: [1, 2]\nm: {a: 1}\nn: ~\nx: 5\n", file: "f.yaml"))
        #expect(try root["s"]?.items().count == 2)
        #expect(try root["m"]?.pairs().count == 1)
        #expect(try root["n"]?.items().isEmpty == true)
        #expect(try root["n"]?.pairs().isEmpty == true)
        let error = try #require(throws: YAMLDecodingError.self) {
            try root["x"]?.items(at: ["x"], typeName: "[]rulefmt.Rule")
        }
        #expect(error.message == "cannot unmarshal !!int `5` into []rulefmt.Rule")
        #expect(error.kind == .typeMismatch)
    }

    @Test("errors print file:line:col, the key path and Go's message; the diagnostic notes the path")
    func errorRendering() throws {
        let text = "groups:\n  - name: a\n    rules:\n      - for: abc\n"
        let root = try #require(try YAML.parse(text, file: "rules.yaml"))
        let node = try #require(root["groups"]?[0]?["rules"]?[0]?["for"])
        let path: YAMLPath = ["groups", 0, "rules", 0, "for"]
        let error = try #require(throws: YAMLDecodingError.self) { try node.duration(at: path) }
        #expect(error.description == "rules.yaml:4:14: groups[0].rules[0].for: not a valid duration string: \"abc\"")
        #expect(error.goMessage == "line 4: not a valid duration string: \"abc\"")
        let diagnostic = error.diagnostic
        #expect(diagnostic.code == "yaml.invalid-value")
        #expect(
            diagnostic.description
                == "rules.yaml:4:14: error: not a valid duration string: \"abc\" [yaml.invalid-value]")
        #expect(diagnostic.notes.map(\.message) == ["at groups[0].rules[0].for"])
    }

    @Test("paths print Go-style: keys joined by dots, indexes in brackets")
    func paths() {
        #expect(YAMLPath.root.description == "")
        #expect(YAMLPath(["groups", 0, "rules", 2, "for"]).description == "groups[0].rules[2].for")
        #expect(YAMLPath.root.appending(3).appending("x").description == "[3].x")
        #expect(YAMLPath(["a"]).appending("b") == ["a", "b"])
    }
}
