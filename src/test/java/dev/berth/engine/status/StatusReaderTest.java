package dev.berth.engine.status;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Failure;

import static org.assertj.core.api.Assertions.assertThat;

class StatusReaderTest {
    @Test
    void aFailureNamesTheServiceAndWhy() {
        assertThat(StatusReader.describe(Failure.builder()
                .arn("arn:aws:ecs:us-east-1:123456789012:service/main/web").reason("MISSING").build()))
                .isEqualTo("web (MISSING)");
    }

    @Test
    void aFailureWithoutTheOptionalArnOrReasonStillReads() {
        assertThat(StatusReader.describe(Failure.builder().build())).isEqualTo("a service (no reason given)");
    }
}
