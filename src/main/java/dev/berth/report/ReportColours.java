package dev.berth.report;

import dev.berth.engine.Outcome;

/** One colour per kind of outcome, the same in the chart and the page: green, amber, red. */
final class ReportColours {
    static final String GOOD = "#2e9d4f";
    static final String WARN = "#d99a00";
    static final String BAD = "#c62828";

    private ReportColours() {
    }

    static String of(Outcome outcome) {
        return switch (outcome) {
            case SUCCEEDED, UNCHANGED -> GOOD;
            case ROLLED_BACK, TIMED_OUT -> WARN;
            case FAILED, NEEDS_ATTENTION -> BAD;
        };
    }
}
