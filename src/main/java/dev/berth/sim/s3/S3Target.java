package dev.berth.sim.s3;

import dev.berth.sim.http.RestRequest;

import java.util.Set;

/**
 * What a request addresses: a bucket (or none, for the service) and a key (or none, for the bucket).
 * Path-style ({@code /bucket/key}) is S3's form with a custom endpoint on an IP address; a request
 * sent virtual-host style to {@code bucket.localhost} names its bucket in the Host instead.
 */
record S3Target(String bucket, String key) {
    /** Query parameters that name another operation on the same path (S3's sub-resources). */
    static final Set<String> SUBRESOURCES = Set.of("acl", "accelerate", "analytics", "cors", "delete", "encryption",
            "intelligent-tiering", "inventory", "legal-hold", "lifecycle", "logging", "metrics", "notification",
            "object-lock", "ownershipControls", "partNumber", "policy", "policyStatus", "publicAccessBlock", "replication",
            "requestPayment", "restore", "retention", "select", "tagging", "torrent", "uploadId", "uploads", "versionId",
            "versioning", "versions", "website", "attributes", "session", "renameObject", "metadataTable",
            "metadataConfiguration", "abac");

    static S3Target of(RestRequest request) {
        String path = request.rawPath();
        String hostBucket = virtualHostBucket(request.host());
        if (hostBucket != null) {
            String key = path.length() > 1 ? S3Names.decode(path.substring(1), false) : null;
            return new S3Target(S3Names.bucket(hostBucket), key == null ? null : S3Names.key(key));
        }
        if (path.equals("/") || path.isEmpty()) {
            return new S3Target(null, null);
        }
        int slash = path.indexOf('/', 1);
        String bucket = S3Names.decode(slash < 0 ? path.substring(1) : path.substring(1, slash), false);
        if (slash < 0 || slash == path.length() - 1) {
            return new S3Target(S3Names.bucket(bucket), null);
        }
        return new S3Target(S3Names.bucket(bucket), S3Names.key(S3Names.decode(path.substring(slash + 1), false)));
    }

    /** The bucket of a virtual-host-style Host ({@code bucket.localhost[:port]}), else null. */
    static String virtualHostBucket(String host) {
        if (host == null) {
            return null;
        }
        String name = host.startsWith("[") ? host : host.replaceFirst(":\\d+$", "");
        String suffix = ".localhost";
        return name.endsWith(suffix) && name.length() > suffix.length() ? name.substring(0, name.length() - suffix.length())
                : null;
    }
}
