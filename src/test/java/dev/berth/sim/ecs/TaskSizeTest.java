package dev.berth.sim.ecs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.sim.http.AwsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Task-level cpu and memory as ECS registers them. */
class TaskSizeTest {
    @ParameterizedTest(name = "memory {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "512|512", "0.5GB|512", "0.5 GB|512", "2 GB|2048", "1GB|1024", "1gb|1024", "30 GB|30720",
            " 4 GB |4096", ".5GB|512",
            "0.3GB|-", "2 MB|-", "GB|-", "-1|-", "0|-", "two GB|-", "1.5|-", "1 vCPU|-"})
    void memory(String given, String registered) {
        assertThat(TaskSize.convert(given, "gb")).isEqualTo(Optional.ofNullable(registered));
    }

    @ParameterizedTest(name = "cpu {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "256|256", "1 vCPU|1024", "1 vcpu|1024", "0.25 vCPU|256", ".5 vCPU|512", "2vCPU|2048", "16 vCPU|16384",
            "0.1 vCPU|-", "1 CPU|-", "1 GB|-", "vCPU|-"})
    void cpu(String given, String registered) {
        assertThat(TaskSize.convert(given, "vcpu")).isEqualTo(Optional.ofNullable(registered));
    }

    @Test
    void normaliseRewritesBothAndRefusesWhatItCannotRead() {
        ObjectNode definition = JsonNodeFactory.instance.objectNode().put("cpu", "1 vCPU").put("memory", "0.5GB");
        TaskSize.normalise(definition);
        assertThat(definition.get("cpu").textValue()).isEqualTo("1024");
        assertThat(definition.get("memory").textValue()).isEqualTo("512");

        ObjectNode bad = JsonNodeFactory.instance.objectNode().put("memory", "lots");
        assertThatThrownBy(() -> TaskSize.normalise(bad)).isInstanceOf(AwsException.class)
                .hasMessageContaining("Invalid 'memory' setting for task.");
        ObjectNode none = JsonNodeFactory.instance.objectNode();
        TaskSize.normalise(none);
        assertThat(none.has("cpu")).isFalse();
    }
}
