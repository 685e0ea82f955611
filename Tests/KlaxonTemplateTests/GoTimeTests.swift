import Testing
@testable import KlaxonTemplate

@Suite struct GoTimeTests {
    // 2012-11-24 11:14:12.5 UTC, a Saturday, day 329 of a leap year.
    static let t = GoTime(seconds: 1_353_755_652, nanoseconds: 500_000_000)

    @Test("time.Time.Format layouts", arguments: [
        ("2006-01-02 15:04:05.999999999 -0700 MST", "2012-11-24 11:14:12.5 +0000 UTC"),
        ("Mon Jan _2 15:04:05 2006", "Sat Nov 24 11:14:12 2012"),
        ("Monday, January 2, 06 3:4:5 PM pm", "Saturday, November 24, 12 11:14:12 AM am"),
        ("2006-01-02T15:04:05.000Z07:00", "2012-11-24T11:14:12.500Z"),
        ("02/01 __2 002 .000000 ,9 .99", "24/11 329 329 .500000 ,5 .5"),
        ("-07:00:00 -070000 -07 Z07", "+00:00:00 +000000 +00 Z"),
        ("Janx Monx _2006", "Janx Monx _2012"),
        ("15h", "11h"),
    ])
    func format(layout: String, expected: String) {
        #expect(Self.t.format(layout) == expected)
    }

    @Test("dates before the epoch and far after it")
    func civil() {
        #expect(GoTime(seconds: -1, nanoseconds: 0).description == "1969-12-31 23:59:59 +0000 UTC")
        #expect(GoTime(unixNanoseconds: Int64.max).description == "2262-04-11 23:47:16.854775807 +0000 UTC")
        #expect(GoTime(unixNanoseconds: Int64.min).description == "1677-09-21 00:12:43.145224192 +0000 UTC")
        #expect(GoTime(seconds: 951_782_400, nanoseconds: 0).format("2006-01-02 002") == "2000-02-29 060")
    }

    @Test("time.Duration.String", arguments: [
        (Int64(0), "0s"), (1, "1ns"), (1500, "1.5µs"), (1_500_000, "1.5ms"), (1_000_000_000, "1s"),
        (90_000_000_000, "1m30s"), (3_600_000_000_000, "1h0m0s"), (-5_400_500_000_000, "-1h30m0.5s"),
        (Int64.max, "2562047h47m16.854775807s"), (Int64.min, "-2562047h47m16.854775808s"),
    ])
    func durations(nanoseconds: Int64, expected: String) {
        #expect(GoTime.durationString(nanoseconds) == expected)
    }

    @Test("methods reachable from templates", arguments: [
        ("{{ (0 | toTime).Unix }} {{ (1.5 | toTime).UnixNano }} {{ (60 | toTime).Minute }}", "0 1500000000 1"),
        ("{{ ((3600 | toTime).Sub (0 | toTime)).Hours }}", "1"),
        ("{{ ((0 | toTime).Before (1 | toTime)) }} {{ (0 | toTime).Equal (0 | toTime) }}", "true true"),
        ("{{ (90 | toDuration).Seconds }} {{ (5400.5 | toDuration).Round (3600 | toDuration) }}", "90 2h0m0s"),
        ("{{ (100 | toDuration).Truncate (60 | toDuration) }} {{ (-1 | toDuration).Abs }}", "1m0s 1s"),
        ("{{ (0 | toTime).Format 1 }}",
         "ERROR: template: test:1:23: executing \"test\" at <1>: expected string; found 1"),
        ("{{ (0 | toTime).Format }}",
         "ERROR: template: test:1:8: executing \"test\" at <toTime>: wrong number of args for Format: want 1 got 0"),
    ])
    func methods(template: String, expected: String) {
        #expect(Run.text(template) == expected)
    }
}
