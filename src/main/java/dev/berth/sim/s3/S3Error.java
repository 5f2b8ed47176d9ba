package dev.berth.sim.s3;

import dev.berth.sim.http.AwsException;

import java.util.LinkedHashMap;
import java.util.Map;

/** An S3 error: status, code and message, plus the fields S3 adds to name what it is about (BucketName, Key). */
final class S3Error extends AwsException {
    private final Map<String, String> details = new LinkedHashMap<>();

    S3Error(int status, String code, String message) {
        super(status, code, message);
    }

    S3Error with(String field, String value) {
        details.put(field, value);
        return this;
    }

    Map<String, String> details() {
        return details;
    }

    static S3Error noSuchBucket(String bucket) {
        return new S3Error(404, "NoSuchBucket", "The specified bucket does not exist").with("BucketName", bucket);
    }

    static S3Error noSuchKey(String key) {
        return new S3Error(404, "NoSuchKey", "The specified key does not exist.").with("Key", key);
    }

    static S3Error notImplemented(String what) {
        return new S3Error(501, "NotImplemented", "berth sim's S3 does not serve " + what
                + "; it serves buckets and objects: CreateBucket, HeadBucket, GetBucketLocation, ListBuckets, ListObjects(V2), "
                + "DeleteBucket, PutObject, GetObject, HeadObject, DeleteObject");
    }
}
