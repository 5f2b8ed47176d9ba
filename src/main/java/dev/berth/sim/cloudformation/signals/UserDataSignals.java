package dev.berth.sim.cloudformation.signals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether an instance's UserData signals a resource when it has booted: {@code cfn-signal} or
 * {@code aws cloudformation signal-resource} naming that logical id (or naming none).
 */
public final class UserDataSignals {
    private static final Pattern CFN_SIGNAL = Pattern.compile("cfn-signal\\b([^\\n]*)");
    private static final Pattern SIGNAL_RESOURCE = Pattern.compile("cloudformation\\s+signal-resource\\b([^\\n]*)");
    private static final Pattern RESOURCE_OPTION = Pattern.compile("(?:--resource|-r)[ =]+['\"]?([A-Za-z0-9]+)");
    private static final Pattern LOGICAL_ID_OPTION = Pattern.compile("--logical-resource-id[ =]+['\"]?([A-Za-z0-9]+)");

    private UserDataSignals() {
    }

    /** {@code userData} as EC2 takes it: base64 (what Fn::Base64 yields) or plain text. */
    public static boolean signals(String userData, String logicalId) {
        if (userData == null || userData.isBlank()) {
            return false;
        }
        String script = decoded(userData);
        return names(CFN_SIGNAL, RESOURCE_OPTION, script, logicalId) || names(SIGNAL_RESOURCE, LOGICAL_ID_OPTION, script, logicalId);
    }

    private static boolean names(Pattern command, Pattern option, String script, String logicalId) {
        Matcher call = command.matcher(script);
        while (call.find()) {
            Matcher named = option.matcher(call.group(1));
            if (!named.find() || named.group(1).equals(logicalId)) {
                return true;
            }
        }
        return false;
    }

    static String decoded(String userData) {
        String compact = userData.strip();
        if (compact.matches("[A-Za-z0-9+/=\\r\\n]+")) {
            try {
                return new String(Base64.getMimeDecoder().decode(compact), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return userData; // not base64 after all
            }
        }
        return userData;
    }
}
