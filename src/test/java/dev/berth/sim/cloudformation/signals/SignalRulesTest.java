package dev.berth.sim.cloudformation.signals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CreationPolicy signal rules: the policy read from a template, the tally judged, UserData that signals. */
class SignalRulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ASG = "AWS::AutoScaling::AutoScalingGroup";

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void policyDefaultsAreOneSignalInFiveMinutesAtOneHundredPercent() throws Exception {
        SignalPolicy policy = SignalPolicy.ofCreationPolicy(json("{'ResourceSignal':{}}"), "AWS::EC2::Instance").orElseThrow();
        assertThat(policy).isEqualTo(new SignalPolicy(1, Duration.ofMinutes(5), 100, false));
    }

    @Test
    void policyTakesResolvedTextsAsCloudFormationPassesThem() throws Exception {
        SignalPolicy policy = SignalPolicy.ofCreationPolicy(json(
                "{'ResourceSignal':{'Count':'3','Timeout':'PT15M'},'AutoScalingCreationPolicy':{'MinSuccessfulInstancesPercent':'50'}}"),
                ASG).orElseThrow();
        assertThat(policy).isEqualTo(new SignalPolicy(3, Duration.ofMinutes(15), 50, true));
        assertThat(policy.successesNeeded()).isEqualTo(2);
    }

    @Test
    void noResourceSignalOrACountOfZeroWaitsForNothing() throws Exception {
        assertThat(SignalPolicy.ofCreationPolicy(json("{'AutoScalingCreationPolicy':{}}"), ASG)).isEmpty();
        assertThat(SignalPolicy.ofCreationPolicy(json("{'ResourceSignal':{'Count':0}}"), ASG)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{'ResourceSignal':{'Timeout':'15 minutes'}}|ResourceSignal Timeout must be an ISO 8601 duration such as PT15M, not '15 minutes'",
            "{'ResourceSignal':{'Timeout':'PT13H'}}|ResourceSignal Timeout must be at most PT12H, not PT13H",
            "{'ResourceSignal':{'Count':'-1'}}|ResourceSignal Count must be a non-negative integer, not '-1'",
            "{'ResourceSignal':{'Count':'two'}}|ResourceSignal Count must be a non-negative integer, not 'two'",
            "{'ResourceSignal':'yes'}|CreationPolicy ResourceSignal must be an object",
            "{'ResourceSignal':{},'AutoScalingCreationPolicy':{'MinSuccessfulInstancesPercent':150}}|"
                    + "AutoScalingCreationPolicy MinSuccessfulInstancesPercent must be at most 100, not 150"})
    void malformedPoliciesAreRefusedNamingTheValue(String policy, String message) {
        assertThatThrownBy(() -> SignalPolicy.ofCreationPolicy(json(policy), ASG))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest(name = "[{index}] count {0} at {1}%, {2} ok {3} failed, timed out {4} -> {5}")
    @CsvSource(delimiter = '|', value = {
            "1|100|0|0|false|WAITING|",
            "1|100|1|0|false|SATISFIED|",
            "2|100|1|0|false|WAITING|",
            "2|100|1|0|true|FAILED|Failed to receive 2 resource signal(s) within the specified duration",
            "1|100|0|1|false|FAILED|Received FAILURE signal with UniqueId f0",
            "3|50|2|1|false|SATISFIED|",
            "3|50|1|1|false|WAITING|",
            "3|50|0|2|false|FAILED|Received FAILURE signal with UniqueId f0"})
    void tallyIsJudgedWithCloudFormationsWords(int count, int percent, int ok, int bad, boolean timedOut, String state,
                                               String reason) {
        SignalTally tally = tally(ok, bad);
        SignalTally.Judgement judgement = tally.judge(new SignalPolicy(count, Duration.ofMinutes(5), percent, false), timedOut);
        assertThat(judgement.state()).hasToString(state);
        assertThat(judgement.reason()).isEqualTo(reason);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2|100|0|0|true|Received 0 SUCCESS signal(s) out of 2. Unable to satisfy 100% MinSuccessfulInstancesPercent requirement",
            "2|100|1|1|false|Received 1 FAILURE signal(s) out of 2. Unable to satisfy 100% MinSuccessfulInstancesPercent requirement",
            "4|75|2|0|true|Received 2 SUCCESS signal(s) out of 4. Unable to satisfy 75% MinSuccessfulInstancesPercent requirement"})
    void anAutoScalingGroupFailsWithItsPercentRequirement(int count, int percent, int ok, int bad, boolean timedOut, String reason) {
        SignalTally.Judgement judgement = tally(ok, bad).judge(new SignalPolicy(count, Duration.ofMinutes(5), percent, true), timedOut);
        assertThat(judgement.state()).isEqualTo(SignalTally.State.FAILED);
        assertThat(judgement.reason()).isEqualTo(reason);
    }

    @Test
    void aUniqueIdCountsOnce() {
        SignalTally tally = new SignalTally();
        assertThat(tally.add("i-1", true)).isTrue();
        assertThat(tally.add("i-1", true)).isFalse();
        assertThat(tally.add("i-1", false)).isFalse();
        assertThat(tally.successes()).isEqualTo(1);
        assertThat(tally.failures()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/opt/aws/bin/cfn-signal -e $? --region eu-west-1 --stack web --resource AutoScalingGroup|true",
            "/opt/aws/bin/cfn-signal -e 0 --stack web --resource=AutoScalingGroup|true",
            "cfn-signal -e 0 -s web -r 'AutoScalingGroup'|true",
            "/opt/aws/bin/cfn-signal -e $? --region eu-west-1 --stack web --resource OtherGroup|false",
            "cfn-signal -e 0 --stack web|true",
            "aws cloudformation signal-resource --stack-name web --logical-resource-id AutoScalingGroup --status SUCCESS|true",
            "aws cloudformation signal-resource --stack-name web --logical-resource-id Other --status SUCCESS|false",
            "echo ECS_CLUSTER=web >> /etc/ecs/ecs.config|false",
            "# cfn-init only; cfnsignal is not called|false"})
    void userDataSignalsTheGroupItNames(String line, boolean signals) {
        String script = "#!/bin/bash -xe\nyum install -y aws-cfn-bootstrap\n" + line + "\n";
        assertThat(UserDataSignals.signals(script, "AutoScalingGroup")).isEqualTo(signals);
        String encoded = Base64.getEncoder().encodeToString(script.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(UserDataSignals.signals(encoded, "AutoScalingGroup")).as("base64, as Fn::Base64 gives it").isEqualTo(signals);
    }

    @Test
    void noUserDataSignalsNothing() {
        assertThat(UserDataSignals.signals(null, "Group")).isFalse();
        assertThat(UserDataSignals.signals("  ", "Group")).isFalse();
    }

    private static SignalTally tally(int ok, int bad) {
        SignalTally tally = new SignalTally();
        for (int i = 0; i < ok; i++) {
            tally.add("s" + i, true);
        }
        for (int i = 0; i < bad; i++) {
            tally.add("f" + i, false);
        }
        return tally;
    }
}
