package dev.berth.sim.s3;

import dev.berth.sim.SimClock;
import dev.berth.sim.http.RestAnswer;
import dev.berth.sim.http.RestRequest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/** PutObject, GetObject, HeadObject and DeleteObject, with the integrity checks S3 makes on uploads. */
final class S3Objects {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final S3Store store;
    private final SimClock clock;

    S3Objects(S3Store store, SimClock clock) {
        this.store = store;
        this.clock = clock;
    }

    RestAnswer put(String bucket, String key, RestRequest request) {
        byte[] body = request.body();
        String encoding = request.header("content-encoding");
        String sha = request.header("x-amz-content-sha256");
        if ((encoding != null && encoding.contains("aws-chunked")) || (sha != null && sha.startsWith("STREAMING-"))) {
            throw S3Error.notImplemented("aws-chunked uploads (send the body whole, with its Content-Length)");
        }
        checkDigests(request, body, sha);
        Map<String, String> metadata = new LinkedHashMap<>();
        request.headers().forEach((name, value) -> {
            if (name.startsWith("x-amz-meta-")) {
                metadata.put(name, value);
            }
        });
        S3Object object = store.put(bucket, key, body, request.header("content-type"), metadata, clock.now());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ETag", object.etag());
        if (request.header("x-amz-checksum-crc32") != null) {
            headers.put("x-amz-checksum-crc32", request.header("x-amz-checksum-crc32"));
        }
        return new RestAnswer(200, headers, new byte[0]);
    }

    /** Content-MD5, x-amz-content-sha256 and x-amz-checksum-crc32 must match the body when they are sent. */
    private static void checkDigests(RestRequest request, byte[] body, String sha) {
        String md5 = request.header("content-md5");
        if (md5 != null) {
            byte[] expected;
            try {
                expected = Base64.getDecoder().decode(md5);
            } catch (IllegalArgumentException e) {
                expected = new byte[0];
            }
            if (expected.length != 16) {
                throw new S3Error(400, "InvalidDigest", "The Content-MD5 you specified was invalid.").with("Content-MD5", md5);
            }
            if (!Arrays.equals(expected, digest("MD5", body))) {
                throw new S3Error(400, "BadDigest", "The Content-MD5 you specified did not match what we received.")
                        .with("ExpectedDigest", md5);
            }
        }
        if (sha != null && sha.matches("[0-9a-f]{64}") && !sha.equals(HexFormat.of().formatHex(digest("SHA-256", body)))) {
            throw new S3Error(400, "XAmzContentSHA256Mismatch",
                    "The provided 'x-amz-content-sha256' header does not match what was computed.")
                    .with("ClientComputedContentSHA256", sha);
        }
        String crc = request.header("x-amz-checksum-crc32");
        if (crc != null) {
            CRC32 computed = new CRC32();
            computed.update(body);
            byte[] value = java.nio.ByteBuffer.allocate(4).putInt((int) computed.getValue()).array();
            if (!crc.equals(Base64.getEncoder().encodeToString(value))) {
                throw new S3Error(400, "BadDigest", "The CRC32 you specified did not match the calculated checksum.");
            }
        }
    }

    RestAnswer get(String bucket, String key, RestRequest request, boolean head) {
        S3Object object = store.get(bucket, key);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ETag", object.etag());
        headers.put("Last-Modified", S3Xml.httpDate(object.lastModified()));
        headers.put("Content-Type", object.contentType());
        headers.put("Accept-Ranges", "bytes");
        headers.putAll(object.metadata());
        byte[] bytes = object.bytes();
        int status = 200;
        String range = request.header("range");
        if (range != null) {
            long[] span = span(range, bytes.length);
            if (span != null) {
                headers.put("Content-Range", "bytes " + span[0] + "-" + span[1] + "/" + bytes.length);
                bytes = Arrays.copyOfRange(bytes, (int) span[0], (int) span[1] + 1);
                status = 206;
            }
        }
        if (head) {
            headers.put("Content-Length", String.valueOf(bytes.length));
            return new RestAnswer(status, headers, new byte[0]);
        }
        return new RestAnswer(status, headers, bytes);
    }

    /** The first and last byte a single Range asks for; null for a form S3 ignores (it then sends it all). */
    static long[] span(String range, long size) {
        Matcher m = RANGE.matcher(range.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return null;
        }
        if (m.group(1).length() > 18 || m.group(2).length() > 18) {
            return null;
        }
        long first;
        long last;
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            first = Math.max(0, size - suffix);
            last = size - 1;
            if (suffix == 0) {
                first = size;
            }
        } else {
            first = Long.parseLong(m.group(1));
            last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
                return null;
            }
        }
        if (first >= size) {
            throw new S3Error(416, "InvalidRange", "The requested range is not satisfiable")
                    .with("RangeRequested", range).with("ActualObjectSize", String.valueOf(size));
        }
        return new long[]{first, last};
    }

    RestAnswer delete(String bucket, String key) {
        store.delete(bucket, key);
        return new RestAnswer(204, Map.of(), new byte[0]);
    }

    private static byte[] digest(String algorithm, byte[] body) {
        try {
            return MessageDigest.getInstance(algorithm).digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has " + algorithm, e);
        }
    }
}
