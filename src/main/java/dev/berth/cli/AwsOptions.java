package dev.berth.cli;

import dev.berth.engine.aws.AwsSettings;
import picocli.CommandLine.Option;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** The standard AWS options; each falls back to the standard environment variable. */
final class AwsOptions {
    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: AWS_REGION, then the profile's)")
    String region;

    @Option(names = "--profile", paramLabel = "NAME", description = "named profile from ~/.aws (default: AWS_PROFILE)")
    String profile;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "AWS endpoint, e.g. http://127.0.0.1:4566 for berth sim (default: AWS_ENDPOINT_URL)")
    URI endpointUrl;

    AwsSettings settings(Map<String, String> env, String service) {
        Optional<String> resolvedRegion = first(region, env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
        Optional<String> resolvedProfile = first(profile, env.get("AWS_PROFILE"));
        Optional<String> endpoint = first(endpointUrl == null ? null : endpointUrl.toString(),
                env.get("AWS_ENDPOINT_URL_" + service.toUpperCase()), env.get("AWS_ENDPOINT_URL"));
        Optional<URI> uri = endpoint.map(AwsOptions::endpoint);
        return new AwsSettings(resolvedRegion, resolvedProfile, uri);
    }

    private static URI endpoint(String text) {
        try {
            URI uri = URI.create(text);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new dev.berth.engine.RefusedException("invalid endpoint URL '" + text + "': expected e.g. http://127.0.0.1:4566");
        }
    }

    private static Optional<String> first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
