package dev.berth.sim.ecr;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** An ECR repository: settings, the blobs linked to it, its manifests by digest, and its tags. */
final class SimRepository {
    final String name;
    final String arn;
    final String registryId;
    final Instant createdAt;
    String tagMutability;
    boolean scanOnPush;
    String encryptionType;
    String kmsKey;
    String lifecyclePolicy;
    final Set<String> blobs = new LinkedHashSet<>();
    final Map<String, Manifest> manifests = new LinkedHashMap<>();
    final Map<String, String> tags = new LinkedHashMap<>();

    /** A stored manifest: its exact bytes, media type, when it was pushed and the size of what it references. */
    record Manifest(String digest, String mediaType, byte[] body, Instant pushedAt, long size) {
    }

    SimRepository(String name, String arn, String registryId, Instant createdAt) {
        this.name = name;
        this.arn = arn;
        this.registryId = registryId;
        this.createdAt = createdAt;
    }

    boolean immutable() {
        return "IMMUTABLE".equals(tagMutability);
    }

    Set<String> tagsOf(String digest) {
        Set<String> names = new LinkedHashSet<>();
        tags.forEach((tag, d) -> {
            if (d.equals(digest)) {
                names.add(tag);
            }
        });
        return names;
    }
}
