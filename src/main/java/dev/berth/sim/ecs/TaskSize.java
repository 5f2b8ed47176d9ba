package dev.berth.sim.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.sim.http.AwsException;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A task definition's task-level cpu and memory as ECS registers them: cpu in CPU units ("1024", or vCPUs as
 * "1 vCPU" / "0.25 vcpu"), memory in MiB ("512", or GB as "0.5GB" / "2 GB"), each stored as the integer text.
 */
final class TaskSize {
    private static final Pattern AMOUNT = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*([A-Za-z]*)\\s*");
    private static final BigDecimal PER_UNIT = BigDecimal.valueOf(1024);

    private TaskSize() {
    }

    /** Replaces the input's cpu and memory by the integers ECS registers. */
    static void normalise(ObjectNode taskDefinition) {
        convert(taskDefinition, "cpu", "vcpu");
        convert(taskDefinition, "memory", "gb");
    }

    private static void convert(ObjectNode taskDefinition, String field, String unit) {
        JsonNode value = taskDefinition.get(field);
        if (value == null || value.isNull()) {
            return;
        }
        String converted = convert(value.asText(), unit)
                // Invalid 'cpu' setting is ECS's documented answer; the memory one follows it
                .orElseThrow(() -> AwsException.client("ClientException", "Invalid '" + field + "' setting for task."));
        taskDefinition.put(field, converted);
    }

    /** The integer text for a plain integer or an amount of {@code unit} (1024 each), if it is a whole number. */
    static Optional<String> convert(String text, String unit) {
        Matcher matcher = AMOUNT.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        BigDecimal amount = new BigDecimal(matcher.group(1));
        String given = matcher.group(2).toLowerCase(Locale.ROOT);
        if (!given.isEmpty() && !given.equals(unit)) {
            return Optional.empty();
        }
        BigDecimal result = given.isEmpty() ? amount : amount.multiply(PER_UNIT);
        if (result.signum() <= 0 || result.stripTrailingZeros().scale() > 0) {
            return Optional.empty();
        }
        return Optional.of(result.toBigIntegerExact().toString());
    }
}
