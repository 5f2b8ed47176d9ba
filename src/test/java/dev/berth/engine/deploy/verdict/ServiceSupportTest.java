package dev.berth.engine.deploy.verdict;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceSupportTest {
    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "-, -, ",
            "ECS, ROLLING, ",
            "ECS, -, ",
            "CODE_DEPLOY, -, uses the CODE_DEPLOY deployment controller",
            "EXTERNAL, ROLLING, uses the EXTERNAL deployment controller",
            "ECS, BLUE_GREEN, deploys with the BLUE_GREEN strategy",
            "ECS, CANARY, deploys with the CANARY strategy"})
    void onlyEcsRollingUpdatesAreJudged(String controller, String strategy, String refusal) {
        var why = ServiceSupport.unjudgeable("web", controller, strategy);
        if (refusal == null) {
            assertThat(why).isEmpty();
        } else {
            assertThat(why).hasValueSatisfying(w -> assertThat(w).startsWith("service web ").contains(refusal));
        }
    }
}
