package dev.berth.engine.deploy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OperationTokensTest {
    @Test
    void aTokenCarriesTheVerbAndWhoAndFitsCloudFormationsPattern() {
        String token = OperationTokens.create(DeployOptions.Verb.ROLLBACK, "Jane Doe <jane@example.com>");
        assertThat(token).matches("[a-zA-Z0-9][-a-zA-Z0-9]{0,127}").startsWith("berth-rollback-jane-doe-jane-example-com-");
        assertThat(OperationTokens.parse(token)).hasValueSatisfying(p -> {
            assertThat(p.verb()).isEqualTo(DeployOptions.Verb.ROLLBACK);
            assertThat(p.who()).isEqualTo("jane-doe-jane-example-com");
        });
        assertThat(OperationTokens.parse("Console-UpdateStack-1234")).isEmpty();
        assertThat(OperationTokens.parse(null)).isEmpty();
        assertThat(OperationTokens.create(DeployOptions.Verb.DEPLOY, "$$$")).startsWith("berth-deploy-unknown-");
    }

    @Test
    void aTokenCarriesWhoApprovedEvenWithLongNames() {
        String token = OperationTokens.create(DeployOptions.Verb.ROLLBACK, "jenkins-" + "x".repeat(80), "Rita Release-Manager");
        assertThat(token).matches("[a-zA-Z0-9][-a-zA-Z0-9]{0,127}");
        assertThat(OperationTokens.parse(token)).hasValueSatisfying(p -> {
            assertThat(p.who()).startsWith("jenkins-x").hasSizeLessThanOrEqualTo(45);
            assertThat(p.approvedBy()).isEqualTo("rita-release-manager");
        });
        assertThat(OperationTokens.parse(OperationTokens.create(DeployOptions.Verb.DEPLOY, "a--b", null)))
                .hasValueSatisfying(p -> {
                    assertThat(p.who()).isEqualTo("a-b");
                    assertThat(p.approvedBy()).isNull();
                });
    }

    @Test
    void versionsAreImageTags() {
        assertThat(DeployOptions.validVersion("1.4.2")).isTrue();
        assertThat(DeployOptions.validVersion("2026-11-26_build.7")).isTrue();
        assertThat(DeployOptions.validVersion("$(id)")).isFalse();
        assertThat(DeployOptions.validVersion("1; rm -rf /")).isFalse();
        assertThat(DeployOptions.validVersion(".hidden")).isFalse();
        assertThat(DeployOptions.validVersion("x".repeat(129))).isFalse();
    }
}
