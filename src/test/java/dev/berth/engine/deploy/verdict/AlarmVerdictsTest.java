package dev.berth.engine.deploy.verdict;

import dev.berth.engine.Outcome;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlarmVerdictsTest {
    private static final Instant FIRED = Instant.parse("2026-12-07T01:02:03Z");

    private static AlarmFailure failure(String name, boolean rollback) {
        return new AlarmFailure("web", name, "Threshold Crossed: 1 datapoint [25.0]", FIRED, rollback);
    }

    @ParameterizedTest(name = "{0} with alarms {1} (rollback {2}) -> {3}")
    @CsvSource({
            "ROLLED_BACK,     web-5xx,          true,       ROLLED_BACK",
            "ROLLED_BACK,     web-5xx,          false,      FAILED",
            "FAILED,          web-5xx,          true,       FAILED",
            "FAILED,          web-5xx,          false,      FAILED",
            "ROLLED_BACK,     '',               true,       ROLLED_BACK",
            "SUCCEEDED,       web-5xx,          false,      SUCCEEDED",
            "NEEDS_ATTENTION, web-5xx,          true,       NEEDS_ATTENTION",
            "TIMED_OUT,       web-5xx,          false,      TIMED_OUT",
    })
    void table(Outcome base, String alarm, boolean rollback, Outcome expected) {
        List<AlarmFailure> failures = alarm.isEmpty() ? List.of() : List.of(failure(alarm, rollback));
        Verdict verdict = AlarmVerdicts.refine(new Verdict(base, "stack web rolled back to version 2", null), failures);
        assertThat(verdict.outcome()).isEqualTo(expected);
        boolean named = !alarm.isEmpty() && (base == Outcome.ROLLED_BACK || base == Outcome.FAILED);
        if (named) {
            assertThat(verdict.reason()).startsWith("deployment alarm web-5xx of service web went into ALARM at "
                    + FIRED + " (Threshold Crossed: 1 datapoint [25.0])").endsWith("stack web rolled back to version 2");
        } else {
            assertThat(verdict.reason()).isEqualTo("stack web rolled back to version 2");
        }
    }

    @Provide
    Arbitrary<List<AlarmFailure>> failures() {
        return Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20), Arbitraries.of(true, false))
                .as(AlarmVerdictsTest::failure).list().ofMaxSize(4);
    }

    /** Alarms explain and may make a failure worse, never a success: the outcome is never better than the base. */
    @Property
    void neverTurnsAFailureIntoSuccessAndAlwaysNamesEveryAlarm(@ForAll Outcome base, @ForAll("failures") List<AlarmFailure> failures) {
        Verdict verdict = AlarmVerdicts.refine(new Verdict(base, "why", null), failures);
        if (base != Outcome.ROLLED_BACK && base != Outcome.FAILED || failures.isEmpty()) {
            assertThat(verdict.outcome()).isEqualTo(base);
            return;
        }
        assertThat(verdict.outcome()).isIn(Outcome.ROLLED_BACK, Outcome.FAILED);
        assertThat(verdict.outcome() == Outcome.ROLLED_BACK).isEqualTo(base == Outcome.ROLLED_BACK
                && failures.stream().allMatch(AlarmFailure::rollback));
        failures.forEach(f -> assertThat(verdict.reason()).contains("deployment alarm " + f.alarmName() + " "));
    }
}
