package dev.berth.engine.capacity;

import dev.berth.engine.RefusedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CapacityAdviceTest {
    @ParameterizedTest(name = "instance {0}/{1}, largest {2}/{3}: cpu {4}%, memory {5}%, threshold {6}% on {7}")
    @CsvSource({
            "2048, 3850, 512, 1024, 75, 73, 73, MemoryReservation",
            "2048, 4096, 512, 512,  75, 87, 75, CPUReservation",
            "4096, 15400, 1024, 0,  75, 100, 75, CPUReservation",
            "1024, 1000, 1024, 1000, 0, 0, 0, CPUReservation"})
    void theRuleOfThumbForCpuAndMemoryTheLowerBinds(int cpu, int memory, int largestCpu, int largestMemory,
                                                    int cpuThreshold, int memoryThreshold, int threshold, String binding) {
        CapacityAdvice advice = CapacityAdvice.of(cpu, memory, largestCpu, largestMemory);
        assertThat(advice.cpuThreshold()).isEqualTo(cpuThreshold);
        assertThat(advice.memoryThreshold()).isEqualTo(memoryThreshold);
        assertThat(advice.threshold()).isEqualTo(threshold);
        assertThat(advice.binding()).isEqualTo(binding);
    }

    @Test
    void aTaskLargerThanAnInstanceIsRefused() {
        assertThatThrownBy(() -> CapacityAdvice.of(2048, 4096, 4096, 512)).isInstanceOf(RefusedException.class)
                .hasMessage("the largest task (cpu 4096, memory 512 MiB) does not fit on one instance (cpu 2048, memory 4096 MiB)");
        assertThatThrownBy(() -> CapacityAdvice.of(2048, 4096, 0, 0)).isInstanceOf(RefusedException.class);
    }

    @Test
    void knownInstanceTypesOffer1024UnitsPerVcpu() {
        assertThat(InstanceTypes.of("t3.medium")).hasValueSatisfying(c -> {
            assertThat(c.cpu()).isEqualTo(2048);
            assertThat(c.memoryMiB()).isBetween(3800, 4096);
        });
        assertThat(InstanceTypes.of("x9.huge")).isEmpty();
    }
}
