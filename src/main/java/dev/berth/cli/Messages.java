package dev.berth.cli;

import dev.berth.text.ForeignText;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Error messages as berth prints them: the arguments a message echoes are cut short when long,
 * and every control character in it is escaped (line breaks berth wrote stay).
 */
final class Messages {
    private Messages() {
    }

    static String safe(String message, List<String> args) {
        if (message == null) {
            return "";
        }
        String shortened = message;
        for (String value : longValues(args)) {
            shortened = shortened.replace(value, ForeignText.shorten(value, ForeignText.ECHO_LIMIT));
        }
        return ForeignText.lines(shortened);
    }

    /** The long arguments, and what follows '=' in them ({@code --option=value}, {@code KEY=VALUE}), longest first. */
    private static List<String> longValues(List<String> args) {
        List<String> values = new ArrayList<>();
        for (String arg : args == null ? List.<String>of() : args) {
            if (arg == null || arg.length() <= ForeignText.ECHO_LIMIT) {
                continue;
            }
            values.add(arg);
            int equals = arg.indexOf('=');
            if (equals >= 0 && arg.length() - equals - 1 > ForeignText.ECHO_LIMIT) {
                values.add(arg.substring(equals + 1));
            }
        }
        values.sort(Comparator.comparingInt(String::length).reversed());
        return values;
    }
}
