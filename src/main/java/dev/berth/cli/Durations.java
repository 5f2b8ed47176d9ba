package dev.berth.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations as people write them: 90s, 15m, 1h30m, 500ms, 30 (seconds) or ISO-8601 (PT15M). */
final class Durations implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern HUMAN = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        String text = value == null ? "" : value.trim();
        Duration duration = null;
        if (text.matches("\\d+")) {
            duration = Duration.ofSeconds(Long.parseLong(text));
        } else if (text.toUpperCase().startsWith("PT") || text.toUpperCase().startsWith("P")) {
            try {
                duration = Duration.parse(text.toUpperCase());
            } catch (DateTimeParseException e) {
                duration = null;
            }
        } else {
            Matcher m = HUMAN.matcher(text);
            if (!text.isEmpty() && m.matches()) {
                duration = Duration.ofHours(number(m.group(1))).plusMinutes(number(m.group(2)))
                        .plusSeconds(number(m.group(3))).plusMillis(number(m.group(4)));
            }
        }
        if (duration == null) {
            throw new CommandLine.TypeConversionException("invalid duration '" + value + "'; use e.g. 90s, 15m, 1h30m or PT15M");
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new CommandLine.TypeConversionException("duration must be positive, got '" + value + "'");
        }
        return duration;
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }
}
