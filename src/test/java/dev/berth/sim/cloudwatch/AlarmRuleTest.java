package dev.berth.sim.cloudwatch;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlarmRuleTest {
    /** datapoints oldest first, "-" for a period without data. */
    @ParameterizedTest(name = "{0} {1} of {2}/{3} treat {4} current {5} -> {6}")
    @CsvSource({
            "'5',       GreaterThanOrEqualToThreshold, 1, 1, missing,      OK,                ALARM",
            "'4',       GreaterThanOrEqualToThreshold, 1, 1, missing,      OK,                OK",
            "'4',       GreaterThanThreshold,          1, 1, missing,      ALARM,             OK",
            "'6 7 1',   GreaterThanThreshold,          3, 2, missing,      OK,                ALARM",
            "'6 1 1',   GreaterThanThreshold,          3, 2, missing,      OK,                OK",
            "'- - -',   GreaterThanThreshold,          3, 1, missing,      OK,                INSUFFICIENT_DATA",
            "'- - -',   GreaterThanThreshold,          3, 1, ignore,       ALARM,             ALARM",
            "'- - -',   GreaterThanThreshold,          3, 1, notBreaching, ALARM,             OK",
            "'- - -',   GreaterThanThreshold,          3, 3, breaching,    OK,                ALARM",
            "'- 9 -',   GreaterThanThreshold,          3, 1, missing,      INSUFFICIENT_DATA, ALARM",
            "'- 9 -',   GreaterThanThreshold,          3, 2, missing,      INSUFFICIENT_DATA, OK",
            "'- 9 -',   GreaterThanThreshold,          3, 2, breaching,    OK,                ALARM",
            "'1',       LessThanThreshold,             1, 1, missing,      OK,                ALARM",
            "'5',       LessThanOrEqualToThreshold,    1, 1, missing,      OK,                ALARM",
            "'5.5',     LessThanOrEqualToThreshold,    1, 1, missing,      ALARM,             OK",
    })
    void judgesThePeriods(String points, String comparison, int periods, int toAlarm, String treatment, String current,
                          String expected) {
        List<Double> datapoints = new ArrayList<>();
        for (String point : points.trim().split(" +")) {
            datapoints.add(point.equals("-") ? null : Double.parseDouble(point));
        }
        AlarmRule.Verdict verdict = AlarmRule.evaluate(new AlarmRule.Spec(5, comparison, periods, toAlarm, treatment),
                datapoints, current);
        assertThat(verdict.state()).isEqualTo(expected);
        if (!expected.equals(current) || !"ignore".equals(treatment)) {
            assertThat(verdict.reason()).isNotBlank();
        }
    }

    @ParameterizedTest
    @CsvSource({"Sum, 12.0", "Average, 4.0", "Minimum, 2.0", "Maximum, 7.0", "SampleCount, 3.0"})
    void statistics(String statistic, double expected) {
        assertThat(MetricStore.aggregate(statistic, List.of(3.0, 2.0, 7.0))).isEqualTo(expected);
        assertThat(MetricStore.aggregate(statistic, List.of())).isNull();
    }
}
