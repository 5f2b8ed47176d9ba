package dev.berth.sim.s3;


import dev.berth.sim.http.PercentDecoding;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** S3's rules for bucket names and object keys, and the strict percent-decoding of a request path. */
public final class S3Names {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    static final int MAX_KEY_BYTES = 1024;

    private S3Names() {
    }

    /** Refuses a bucket name S3 would refuse (3-63 lower-case letters, digits, dots and hyphens, ...). */
    public static String bucket(String name) {
        if (!BUCKET.matcher(name).matches() || name.contains("..") || name.contains(".-") || name.contains("-.")
                || IP_ADDRESS.matcher(name).matches() || name.startsWith("xn--") || name.endsWith("-s3alias")) {
            throw new S3Error(400, "InvalidBucketName", "The specified bucket is not valid.").with("BucketName", name);
        }
        return name;
    }

    /** Refuses an object key S3 would refuse: empty, or longer than 1024 bytes of UTF-8. */
    public static String key(String key) {
        if (key.isEmpty()) {
            throw new S3Error(400, "InvalidArgument", "An object key must not be empty");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new S3Error(400, "KeyTooLongError", "Your key is too long").with("Size", String.valueOf(key.getBytes(StandardCharsets.UTF_8).length)).with("MaxSizeAllowed", "1024");
        }
        return key;
    }

    /** Decodes a path segment's %XX escapes, refusing what cannot be decoded as S3 does. */
    public static String decode(String raw, boolean query) {
        try {
            return PercentDecoding.decode(raw, query);
        } catch (IllegalArgumentException e) {
            throw new S3Error(400, "InvalidURI", "Couldn't parse the specified URI.");
        }
    }
}
