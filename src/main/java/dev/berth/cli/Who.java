package dev.berth.cli;

import java.util.Map;

/** Who runs berth, for the history: BERTH_USER, else the Jenkins user who started the build, else USER. */
final class Who {
    private Who() {
    }

    static String of(Map<String, String> env) {
        for (String variable : new String[] {"BERTH_USER", "BUILD_USER_ID", "USER", "USERNAME"}) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                // recorded in the change set and the history: one printable line, whatever the environment holds
                return dev.berth.text.ForeignText.neutralise(dev.berth.text.ForeignText.shorten(value.trim(), 100));
            }
        }
        return "unknown";
    }
}
