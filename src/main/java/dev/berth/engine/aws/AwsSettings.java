package dev.berth.engine.aws;

import java.net.URI;
import java.util.Optional;

/**
 * Where and as whom to call AWS. Empty values fall back to the SDK's standard chains:
 * AWS_REGION and profiles for the region, the default credential chain, AWS_ENDPOINT_URL.
 */
public record AwsSettings(Optional<String> region, Optional<String> profile, Optional<URI> endpoint) {
    public static final AwsSettings DEFAULT = new AwsSettings(Optional.empty(), Optional.empty(), Optional.empty());

    public AwsSettings {
        region = region == null ? Optional.empty() : region;
        profile = profile == null ? Optional.empty() : profile;
        endpoint = endpoint == null ? Optional.empty() : endpoint;
    }
}
