package dev.berth.sim.cloudformation;

import dev.berth.sim.http.PercentDecoding;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a TemplateURL points in S3, in the forms CloudFormation accepts: path-style
 * ({@code https://s3.amazonaws.com/bucket/key}, {@code https://s3.REGION.amazonaws.com/bucket/key},
 * {@code https://s3-REGION.amazonaws.com/...}), virtual-hosted ({@code https://bucket.s3.amazonaws.com/key},
 * {@code https://bucket.s3.REGION.amazonaws.com/key}), and the simulator's own endpoint, which is what
 * {@code aws cloudformation package --endpoint-url} writes ({@code http://127.0.0.1:PORT/bucket/key}).
 * The simulator reads these from its own S3; it never fetches a template over the network.
 */
record TemplateUrl(String bucket, String key) {
    private static final Pattern PATH_STYLE_HOST =
            Pattern.compile("s3(?:[.-]dualstack)?(?:[.-][a-z]{2}(?:-gov)?-[a-z]+-\\d)?\\.amazonaws\\.com(?:\\.cn)?");
    private static final Pattern VIRTUAL_HOST =
            Pattern.compile("(.+)\\.s3(?:[.-]dualstack)?(?:[.-][a-z]{2}(?:-gov)?-[a-z]+-\\d)?\\.amazonaws\\.com(?:\\.cn)?");
    static final String NOT_S3 = "TemplateURL must be a supported URL.";

    /** The bucket and key, or empty when the URL is not one CloudFormation reads templates from. */
    static Optional<TemplateUrl> parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String host = uri.getHost();
        String path = uri.getRawPath();
        if (host == null || path == null || uri.getRawQuery() != null || uri.getUserInfo() != null
                || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            return Optional.empty();
        }
        host = host.toLowerCase(java.util.Locale.ROOT);
        Matcher virtual = VIRTUAL_HOST.matcher(host);
        if (virtual.matches() && !PATH_STYLE_HOST.matcher(host).matches()) {
            return objectAt(virtual.group(1), path.length() > 1 ? path.substring(1) : "");
        }
        if (host.endsWith(".localhost")) {
            return objectAt(host.substring(0, host.length() - ".localhost".length()), path.length() > 1 ? path.substring(1) : "");
        }
        boolean local = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
        if (!local && !PATH_STYLE_HOST.matcher(host).matches()) {
            return Optional.empty();
        }
        int slash = path.indexOf('/', 1);
        if (slash < 0) {
            return Optional.empty();
        }
        return objectAt(path.substring(1, slash), path.substring(slash + 1));
    }

    private static Optional<TemplateUrl> objectAt(String bucket, String rawKey) {
        try {
            String key = PercentDecoding.decode(rawKey, false);
            return bucket.isEmpty() || key.isEmpty() ? Optional.empty() : Optional.of(new TemplateUrl(bucket, key));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
