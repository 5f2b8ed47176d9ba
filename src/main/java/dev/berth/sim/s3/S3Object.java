package dev.berth.sim.s3;

import java.time.Instant;
import java.util.Map;

/** One stored object: its bytes, ETag (the quoted MD5 of the bytes), when it was written, and its headers. */
public record S3Object(byte[] bytes, String etag, Instant lastModified, String contentType, Map<String, String> metadata) {
    public S3Object {
        metadata = Map.copyOf(metadata);
    }

    public int size() {
        return bytes.length;
    }
}
