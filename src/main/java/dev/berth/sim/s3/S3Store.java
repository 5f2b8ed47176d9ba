package dev.berth.sim.s3;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The simulator's buckets and objects, in memory: S3 here carries templates and small artefacts for
 * one rehearsal, like the rest of the simulator's state, and a store that never touches the disk
 * has no path a key could escape through. Bounded: each object and the whole store have a size limit.
 */
public final class S3Store {
    /** A bucket and its objects by key. */
    public record Bucket(String name, String region, Instant created, TreeMap<String, S3Object> objects) {
    }

    private final TreeMap<String, Bucket> buckets = new TreeMap<>();
    private final long maxObjectBytes;
    private final long maxTotalBytes;
    private final int maxBuckets;
    private long totalBytes;

    public S3Store(long maxObjectBytes, long maxTotalBytes, int maxBuckets) {
        this.maxObjectBytes = maxObjectBytes;
        this.maxTotalBytes = maxTotalBytes;
        this.maxBuckets = maxBuckets;
    }

    /** Creates a bucket; false when this account already has it (S3 then answers by region). */
    public synchronized boolean createBucket(String name, String region, Instant now) {
        S3Names.bucket(name);
        if (buckets.containsKey(name)) {
            return false;
        }
        if (buckets.size() >= maxBuckets) {
            throw new S3Error(400, "TooManyBuckets", "You have attempted to create more buckets than allowed (" + maxBuckets + ")");
        }
        buckets.put(name, new Bucket(name, region, now, new TreeMap<>()));
        return true;
    }

    public synchronized Optional<Bucket> bucket(String name) {
        return Optional.ofNullable(buckets.get(name));
    }

    private Bucket existing(String name) {
        Bucket bucket = buckets.get(name);
        if (bucket == null) {
            throw S3Error.noSuchBucket(name);
        }
        return bucket;
    }

    public synchronized List<Bucket> buckets() {
        return new ArrayList<>(buckets.values());
    }

    public synchronized void deleteBucket(String name) {
        Bucket bucket = existing(name);
        if (!bucket.objects().isEmpty()) {
            throw new S3Error(409, "BucketNotEmpty", "The bucket you tried to delete is not empty").with("BucketName", name);
        }
        buckets.remove(name);
    }

    /** Stores an object, replacing any under the same key; returns it. */
    public synchronized S3Object put(String bucketName, String key, byte[] bytes, String contentType,
                                     Map<String, String> metadata, Instant now) {
        Bucket bucket = existing(bucketName);
        S3Names.key(key);
        if (bytes.length > maxObjectBytes) {
            throw new S3Error(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size of berth sim's S3 ("
                    + maxObjectBytes + " bytes)").with("ProposedSize", String.valueOf(bytes.length))
                    .with("MaxSizeAllowed", String.valueOf(maxObjectBytes));
        }
        S3Object previous = bucket.objects().get(key);
        long after = totalBytes - (previous == null ? 0 : previous.size()) + bytes.length;
        if (after > maxTotalBytes) {
            throw new S3Error(503, "ServiceUnavailable", "berth sim keeps at most " + maxTotalBytes
                    + " bytes of S3 objects in memory; delete objects to make room");
        }
        S3Object object = new S3Object(bytes.clone(), etag(bytes), now, contentType == null ? "binary/octet-stream" : contentType,
                metadata);
        bucket.objects().put(key, object);
        totalBytes = after;
        return object;
    }

    public synchronized S3Object get(String bucketName, String key) {
        S3Object object = existing(bucketName).objects().get(key);
        if (object == null) {
            throw S3Error.noSuchKey(key);
        }
        return object;
    }

    /** The object under {@code key}, if the bucket and the object exist. */
    public synchronized Optional<S3Object> find(String bucketName, String key) {
        Bucket bucket = buckets.get(bucketName);
        return Optional.ofNullable(bucket == null ? null : bucket.objects().get(key));
    }

    /** Deletes an object; deleting one that is not there succeeds, as in S3. */
    public synchronized void delete(String bucketName, String key) {
        S3Object removed = existing(bucketName).objects().remove(key);
        if (removed != null) {
            totalBytes -= removed.size();
        }
    }

    /** One page of a listing of the bucket's objects after {@code marker}. */
    public synchronized S3Listing.Page list(String bucketName, String prefix, String delimiter, String marker, int maxKeys) {
        return S3Listing.page(existing(bucketName).objects(), prefix, delimiter, marker, maxKeys);
    }

    static String etag(byte[] bytes) {
        try {
            return "\"" + HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(bytes)) + "\"";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}
