package dev.berth.cli;

import dev.berth.engine.aws.AwsSettings;
import dev.berth.text.ForeignText;
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

    @Option(names = "--role-arn", paramLabel = "ARN",
            description = "assume this IAM role for every call, e.g. for a deploy into another account")
    String roleArn;

    AwsSettings settings(Map<String, String> env) {
        refuseBlank("--region", region);
        refuseBlank("--profile", profile);
        refuseBlank("--endpoint-url", endpointUrl == null ? null : endpointUrl.toString());
        Optional<String> resolvedRegion = first(region, env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
        Optional<String> resolvedProfile = first(profile, env.get("AWS_PROFILE"));
        Optional<URI> common = first(endpointUrl == null ? null : endpointUrl.toString(), env.get("AWS_ENDPOINT_URL"))
                .map(url -> endpoint(url, endpointUrl != null ? "--endpoint-url" : "AWS_ENDPOINT_URL"));
        Map<String, URI> perService = new java.util.HashMap<>();
        if (endpointUrl == null) {
            for (String service : SERVICES) {
                first(env.get("AWS_ENDPOINT_URL_" + service)).ifPresent(url -> perService.put(service, endpoint(url, "AWS_ENDPOINT_URL_" + service)));
            }
        }
        if (resolvedRegion.isPresent() && !REGION.matcher(resolvedRegion.get()).matches()) {
            throw new dev.berth.engine.RefusedException("invalid region '" + ForeignText.echo(resolvedRegion.get())
                    + "' (" + (region != null ? "--region" : "AWS_REGION") + "): expected a region name such as us-east-1 or eu-west-2");
        }
        if (resolvedProfile.isPresent() && !PROFILE.matcher(resolvedProfile.get()).matches()) {
            throw new dev.berth.engine.RefusedException("invalid profile name '" + ForeignText.echo(resolvedProfile.get())
                    + "' (" + (profile != null ? "--profile" : "AWS_PROFILE") + "): expected letters, digits and . _ - + @ : /");
        }
        if (roleArn != null && !ROLE.matcher(roleArn).matches()) {
            throw new dev.berth.engine.RefusedException("invalid role ARN '" + ForeignText.echo(roleArn)
                    + "' (--role-arn): expected arn:aws:iam::<account>:role/<name>");
        }
        return new AwsSettings(resolvedRegion, resolvedProfile, common, perService, Optional.ofNullable(roleArn));
    }

    private static final java.util.regex.Pattern REGION = java.util.regex.Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final java.util.regex.Pattern PROFILE = java.util.regex.Pattern.compile("[A-Za-z0-9._+@:/-]{1,128}");
    private static final java.util.regex.Pattern ROLE =
            java.util.regex.Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");

    /** The services berth calls, as named in AWS_ENDPOINT_URL_&lt;SERVICE&gt;. */
    private static final String[] SERVICES = {"ECS", "CLOUDFORMATION", "ECR", "STS", "ELASTIC_LOAD_BALANCING_V2", "AUTO_SCALING"};

    private static URI endpoint(String text, String source) {
        try {
            URI uri = URI.create(text);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new dev.berth.engine.RefusedException("invalid endpoint URL '" + ForeignText.echo(text) + "' (" + source
                    + "): expected e.g. http://127.0.0.1:4566");
        }
    }

    /** An option given empty must not quietly fall back to the environment. */
    private static void refuseBlank(String option, String value) {
        if (value != null && value.isBlank()) {
            throw new dev.berth.engine.RefusedException("invalid value for " + option + ": it is empty or blank");
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
