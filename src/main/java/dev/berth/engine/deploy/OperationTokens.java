package dev.berth.engine.deploy;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The ClientRequestToken of a berth operation. CloudFormation stamps it on every event of the
 * operation, so it carries what the history needs to survive the build machine: the verb and who
 * ran it, as {@code berth-<verb>-<who>-<random>}. A retried call sends the same token and never
 * acts twice.
 */
public final class OperationTokens {
    private static final String PREFIX = "berth-";

    private OperationTokens() {
    }

    public static String create(DeployOptions.Verb verb, String who) {
        String person = who.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (person.isEmpty()) {
            person = "unknown";
        }
        if (person.length() > 60) {
            person = person.substring(0, 60);
        }
        String random = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return PREFIX + verb.name().toLowerCase(Locale.ROOT) + "-" + person + "-" + random;
    }

    /** What a token says, if berth made it. */
    public record Parsed(DeployOptions.Verb verb, String who) {
    }

    public static Optional<Parsed> parse(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = token.substring(PREFIX.length());
        for (DeployOptions.Verb verb : DeployOptions.Verb.values()) {
            String name = verb.name().toLowerCase(Locale.ROOT) + "-";
            if (rest.startsWith(name) && rest.lastIndexOf('-') > name.length()) {
                String who = rest.substring(name.length(), rest.lastIndexOf('-'));
                return Optional.of(new Parsed(verb, who));
            }
        }
        return Optional.empty();
    }
}
