package dev.berth.engine.aws;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where and as whom to call AWS. Empty values fall back to the SDK's standard chains:
 * AWS_REGION and profiles for the region, the default credential chain. {@code endpoint} overrides
 * every service (--endpoint-url, AWS_ENDPOINT_URL); {@code serviceEndpoints} one service each
 * (AWS_ENDPOINT_URL_ECS, ...), keyed by the environment variable's suffix, e.g. {@code ECS}.
 * {@code roleArn}, when present, is a role to assume with those credentials (cross-account deploys).
 */
public record AwsSettings(Optional<String> region, Optional<String> profile, Optional<URI> endpoint,
                          Map<String, URI> serviceEndpoints, Optional<String> roleArn) {
    public static final AwsSettings DEFAULT = new AwsSettings(Optional.empty(), Optional.empty(), Optional.empty(), Map.of());

    public AwsSettings {
        region = region == null ? Optional.empty() : region;
        profile = profile == null ? Optional.empty() : profile;
        endpoint = endpoint == null ? Optional.empty() : endpoint;
        serviceEndpoints = serviceEndpoints == null ? Map.of() : Map.copyOf(serviceEndpoints);
        roleArn = roleArn == null ? Optional.empty() : roleArn;
    }

    public AwsSettings(Optional<String> region, Optional<String> profile, Optional<URI> endpoint,
                       Map<String, URI> serviceEndpoints) {
        this(region, profile, endpoint, serviceEndpoints, Optional.empty());
    }

    public AwsSettings(Optional<String> region, Optional<String> profile, Optional<URI> endpoint) {
        this(region, profile, endpoint, Map.of());
    }

    /** The endpoint for one service: its own, else the common one. */
    public Optional<URI> endpointFor(String service) {
        URI own = serviceEndpoints.get(service);
        return own != null ? Optional.of(own) : endpoint;
    }
}
