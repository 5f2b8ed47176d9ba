package dev.berth.engine.deploy;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The ClientRequestToken of a berth operation. CloudFormation stamps it on every event of the
 * operation, so it carries what the history needs to survive the build machine: the verb and who
 * ran it (and who approved it), as {@code berth-<verb>-<who>[--<approver>]-<random>}. A retried
 * call sends the same token and never acts twice.
 */
public final class OperationTokens {
    private static final String PREFIX = "berth-";

    private OperationTokens() {
    }

    public static String create(DeployOptions.Verb verb, String who) {
        return create(verb, who, null);
    }

    /** @param approvedBy who approved the operation, or null */
    public static String create(DeployOptions.Verb verb, String who, String approvedBy) {
        // a token holds at most 128 characters; names never contain "--", which separates them
        int limit = approvedBy == null ? 60 : 45;
        String names = name(who, limit) + (approvedBy == null ? "" : "--" + name(approvedBy, limit));
        String random = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return PREFIX + verb.command() + "-" + names + "-" + random;
    }

    private static String name(String person, int limit) {
        String name = person.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (name.isEmpty()) {
            name = "unknown";
        }
        return name.length() > limit ? name.substring(0, limit).replaceAll("-+$", "") : name;
    }

    /** What a token says, if berth made it; {@code approvedBy} is null when nobody approved. */
    public record Parsed(DeployOptions.Verb verb, String who, String approvedBy) {
    }

    public static Optional<Parsed> parse(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = token.substring(PREFIX.length());
        for (DeployOptions.Verb verb : DeployOptions.Verb.values()) {
            String name = verb.command() + "-";
            if (rest.startsWith(name) && rest.lastIndexOf('-') > name.length()) {
                String names = rest.substring(name.length(), rest.lastIndexOf('-'));
                int separator = names.indexOf("--");
                return Optional.of(separator < 0 ? new Parsed(verb, names, null)
                        : new Parsed(verb, names.substring(0, separator), names.substring(separator + 2)));
            }
        }
        return Optional.empty();
    }
}
