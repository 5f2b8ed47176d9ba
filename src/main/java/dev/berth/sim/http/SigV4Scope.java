package dev.berth.sim.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The region and service named in a SigV4 {@code Authorization} header's credential scope. */
public record SigV4Scope(String accessKeyId, String region, String service) {
    private static final Pattern CREDENTIAL =
            Pattern.compile("Credential=([^/,\\s]+)/\\d{8}/([^/,\\s]+)/([^/,\\s]+)/aws4_request");

    public static Optional<SigV4Scope> parse(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        Matcher m = CREDENTIAL.matcher(authorization);
        return m.find() ? Optional.of(new SigV4Scope(m.group(1), m.group(2), m.group(3))) : Optional.empty();
    }
}
