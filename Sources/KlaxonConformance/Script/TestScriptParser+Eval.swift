import KlaxonModel
import KlaxonPromQL

extension TestScriptParser {
    /// Parses an `eval…` header and its body. Problems are recorded in the command's `problem`.
    mutating func parseEval() -> EvalCommand {
        let header = lines[index]
        let body = takeBody()
        var eval = parseEvalHeader(header)
        guard eval.problem == nil else { return eval }
        var sawScalar = false
        var rows: [ExpectedSeries] = []
        for (k, line) in body.enumerated() {
            if eval.problem != nil { break }
            if sawScalar {
                eval.problem = error(line, "a scalar result must be the last line of its block", code: "script.invalid-result")
                break
            }
            let text = line.text
            if eval.isLegacyFail, text.hasPrefix("expected_fail_message") || text.hasPrefix("expected_fail_regexp") {
                let isMessage = text.hasPrefix("expected_fail_message")
                let value = String(text.dropFirst(isMessage ? 21 : 20)).trimmingSpaces
                eval.failMatcher = isMessage ? .exact(value) : .pattern(value)
                if !isMessage, !Self.isValidPattern(value) {
                    eval.problem = error(line, "invalid regexp '\(value)' for expected_fail_regexp", code: "script.invalid-regex")
                }
                // Upstream ends the block here; anything after it would start a new command.
                if k + 1 < body.count {
                    eval.problem = error(body[k + 1], "invalid command \(GoQuote.quote(body[k + 1].text))", code: "script.unknown-command")
                }
                break
            }
            if text.hasPrefix("expect range vector") {
                parseRangeVector(line, into: &eval)
                continue
            }
            if text.hasPrefix("expect string") {
                parseExpectString(line, into: &eval)
                continue
            }
            if text.words.first?.text == "expect" {
                parseExpect(line, into: &eval)
                continue
            }
            if let number = GoNumber.parse(text) {
                guard rows.isEmpty else {
                    eval.problem = error(line, "a scalar result cannot follow series rows", code: "script.invalid-result")
                    break
                }
                eval.expected = .scalar(number)
                sawScalar = true
                continue
            }
            let parsed: SeriesLine
            do {
                parsed = try SeriesLineParser.parse(text)
            } catch {
                eval.problem = self.error(line, "invalid series: \(error.message)", code: "script.invalid-series", offset: error.offset)
                break
            }
            if parsed.values.count > 1, case .instant = eval.timing, eval.rangeVector == nil {
                eval.problem = error(
                    line,
                    "expecting multiple values in instant evaluation not allowed. consider using 'expect range vector' "
                        + "directive to enable a range vector result for an instant query",
                    code: "script.invalid-result")
                break
            }
            let row = ExpectedSeries(line: line.number, labels: parsed.labels, values: parsed.values)
            if let existing = rows.firstIndex(where: { $0.labels == row.labels }) {
                rows[existing] = row  // upstream keeps one expectation per label set: the last
            } else {
                rows.append(row)
            }
        }
        if !sawScalar {
            if case .string = eval.expected {
                if !rows.isEmpty {
                    eval.problem = eval.problem
                        ?? error(header, "series rows cannot be combined with 'expect string'", code: "script.invalid-result")
                }
            } else {
                eval.expected = .series(rows)
            }
        }
        return eval
    }

    private func parseEvalHeader(_ header: ScriptLine) -> EvalCommand {
        let words = header.text.words
        let keyword = words[0].text.lowercased()
        let modifiers = ["eval": "", "eval_fail": "fail", "eval_warn": "warn", "eval_ordered": "ordered", "eval_info": "info"]
        var eval = EvalCommand(file: file, line: header.number, expr: "", exprColumn: 1, timing: .instant(at: 0))
        let usage =
            "invalid evaluation command. Must be either 'eval[_fail|_warn|_ordered|_info] instant at <offset:duration> <query>' "
            + "or 'eval[_fail|_warn|_info] range from <from> to <to> step <step> <query>'"
        guard let modifier = modifiers[keyword], words.count >= 2 else {
            eval.problem = error(header, usage, code: "script.invalid-eval")
            return eval
        }
        let exprWord: LineWord
        switch words[1].text {
        case "instant":
            guard words.count >= 5, words[2].text == "at" else {
                eval.problem = error(header, usage, code: "script.invalid-eval")
                return eval
            }
            guard let at = Self.duration(words[3].text) else {
                eval.problem = error(
                    header, "invalid timestamp definition \(GoQuote.quote(words[3].text))", code: "script.invalid-duration",
                    offset: words[3].offset)
                return eval
            }
            eval.timing = .instant(at: at)
            exprWord = words[4]
        case "range":
            guard modifier != "ordered", words.count >= 9, words[2].text == "from", words[4].text == "to",
                words[6].text == "step"
            else {
                eval.problem = error(header, usage, code: "script.invalid-eval")
                return eval
            }
            for w in [words[3], words[5], words[7]] where Self.duration(w.text) == nil {
                eval.problem = error(header, "invalid duration \(GoQuote.quote(w.text))", code: "script.invalid-duration", offset: w.offset)
                return eval
            }
            let start = Self.duration(words[3].text) ?? 0
            let end = Self.duration(words[5].text) ?? 0
            let step = Self.duration(words[7].text) ?? 0
            guard end >= start else {
                eval.problem = error(
                    header,
                    "invalid test definition, end timestamp (\(words[5].text)) is before start timestamp (\(words[3].text))",
                    code: "script.invalid-eval")
                return eval
            }
            guard step > 0 else {
                eval.problem = error(header, "invalid step definition \(GoQuote.quote(words[7].text))", code: "script.invalid-eval",
                                     offset: words[7].offset)
                return eval
            }
            eval.timing = .range(start: start, end: end, step: step)
            exprWord = words[8]
        default:
            eval.problem = error(header, usage, code: "script.invalid-eval")
            return eval
        }
        eval.expr = header.text.suffix(fromUTF8Offset: exprWord.offset)
        eval.exprColumn = header.column(ofOffset: exprWord.offset)
        switch modifier {
        case "fail":
            eval.expectsFailure = true
            eval.isLegacyFail = true
        case "warn": eval.requiresWarning = true
        case "info": eval.requiresInfo = true
        case "ordered": eval.ordered = true
        default: break
        }
        return eval
    }

    /// `expect <type> [msg: <text> | regex: <RE2>]`.
    private func parseExpect(_ line: ScriptLine, into eval: inout EvalCommand) {
        let text = line.text
        let words = text.words
        let kinds: Set<String> = ["ordered", "fail", "warn", "no_warn", "info", "no_info"]
        let format = "invalid expect statement, must match `expect <type> <match_type>: <string>` format"
        guard words.count >= 2, kinds.contains(words[1].text) else {
            eval.problem = error(line, format, code: "script.invalid-expect")
            return
        }
        let kind = words[1].text
        var matcher = MessageMatcher.any
        if words.count > 2 {
            let rest = text.suffix(fromUTF8Offset: words[2].offset)
            if rest.hasPrefix("msg:") || rest.hasPrefix("regex:") {
                let isMessage = rest.hasPrefix("msg:")
                let value = String(rest.dropFirst(isMessage ? 4 : 6)).trimmingSpaces
                guard !value.isEmpty || rest.count > (isMessage ? 4 : 6) else {
                    eval.problem = error(line, format, code: "script.invalid-expect")
                    return
                }
                if isMessage {
                    matcher = .exact(value)
                } else {
                    guard Self.isValidPattern(value) else {
                        eval.problem = error(line, "invalid regex \(value) for \(kind)", code: "script.invalid-regex")
                        return
                    }
                    matcher = .pattern(value)
                }
            } else {
                eval.problem = error(line, format, code: "script.invalid-expect", offset: words[2].offset)
                return
            }
        }
        switch kind {
        case "ordered":
            eval.ordered = true
        case "fail":
            guard !eval.expectsFailure || eval.isLegacyFail else {
                eval.problem = error(line, "invalid expect lines, multiple expect fail lines are not allowed", code: "script.invalid-expect")
                return
            }
            eval.expectsFailure = true
            eval.failMatcher = matcher
        case "warn": eval.warnings.append(matcher)
        case "info": eval.infos.append(matcher)
        case "no_warn": eval.noWarnings = true
        case "no_info": eval.noInfos = true
        default: break
        }
        if !eval.infos.isEmpty && eval.noInfos {
            eval.problem = error(line, "invalid expect lines, info and no_info cannot be used together", code: "script.invalid-expect")
        }
        if !eval.warnings.isEmpty && eval.noWarnings {
            eval.problem = error(line, "invalid expect lines, warn and no_warn cannot be used together", code: "script.invalid-expect")
        }
    }

    /// `expect range vector from <a> to <b> step <s>`: the instant query runs at `<b>`.
    private func parseRangeVector(_ line: ScriptLine, into eval: inout EvalCommand) {
        let words = line.text.words
        guard case .instant = eval.timing else {
            eval.problem = error(line, "'expect range vector' is only allowed for instant queries", code: "script.invalid-expect")
            return
        }
        guard words.count == 9, words[3].text == "from", words[5].text == "to", words[7].text == "step",
            let start = Self.duration(words[4].text), let end = Self.duration(words[6].text),
            let step = Self.duration(words[8].text)
        else {
            eval.problem = error(line, "invalid range vector definition \(GoQuote.quote(line.text))", code: "script.invalid-expect")
            return
        }
        guard end >= start else {
            eval.problem = error(
                line, "invalid test definition, end timestamp (\(words[6].text)) is before start timestamp (\(words[4].text))",
                code: "script.invalid-expect")
            return
        }
        eval.rangeVector = (start, end, step)
        eval.timing = .instant(at: end)
    }

    /// `expect string "S"` (Go-quoted, or a raw `` `S` ``).
    private func parseExpectString(_ line: ScriptLine, into eval: inout EvalCommand) {
        let rest = String(line.text.dropFirst("expect string".count))
        guard rest.first == " " || rest.first == "\t", !rest.trimmingSpaces.isEmpty else {
            eval.problem = error(
                line, "expected string literal not valid - a quoted string literal is required", code: "script.invalid-string")
            return
        }
        do {
            eval.expected = .string(try GoStringLiteral.unquote(String(rest.dropFirst())))
        } catch {
            eval.problem = self.error(
                line, "expected string literal not valid - check that the string is correctly quoted", code: "script.invalid-string")
        }
    }

    static func isValidPattern(_ pattern: String) -> Bool {
        (try? Regex(pattern)) != nil  // only validity matters here
    }
}
