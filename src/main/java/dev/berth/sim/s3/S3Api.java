package dev.berth.sim.s3;

import dev.berth.sim.SimClock;
import dev.berth.sim.http.AwsException;
import dev.berth.sim.http.AwsRestService;
import dev.berth.sim.http.RequestContext;
import dev.berth.sim.http.RestAnswer;
import dev.berth.sim.http.RestRequest;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * S3 over its REST-XML protocol, path-style on the simulator's port: buckets and objects, enough for
 * {@code aws s3 mb/cp/ls/rm/rb} and {@code aws cloudformation package}. Anything else S3 offers is
 * answered NotImplemented, naming what was asked.
 */
public final class S3Api implements AwsRestService {
    private static final Set<String> MUTATING = Set.of("CreateBucket", "DeleteBucket", "PutObject", "DeleteObject");

    private final S3Store store;
    private final SimClock clock;
    private final S3Objects objects;
    private final S3Listings listings;

    public S3Api(S3Store store, SimClock clock, String accountId) {
        this.store = store;
        this.clock = clock;
        this.objects = new S3Objects(store, clock);
        this.listings = new S3Listings(store, accountId);
    }

    @Override
    public String signingName() {
        return "s3";
    }

    @Override
    public boolean isMutating(String operation) {
        return MUTATING.contains(operation);
    }

    @Override
    public String operation(RestRequest request) {
        S3Target target = S3Target.of(request);
        for (String name : request.query().keySet()) {
            if (S3Target.SUBRESOURCES.contains(name)) {
                throw S3Error.notImplemented(request.method() + " ?" + name);
            }
        }
        String method = request.method();
        if (target.bucket() == null) {
            if (method.equals("GET")) {
                return "ListBuckets";
            }
            throw new S3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.")
                    .with("Method", method).with("ResourceType", "SERVICE");
        }
        if (target.key() == null) {
            return switch (method) {
                case "PUT" -> "CreateBucket";
                case "HEAD" -> "HeadBucket";
                case "DELETE" -> "DeleteBucket";
                case "GET" -> request.query().containsKey("location") ? "GetBucketLocation"
                        : "2".equals(request.query().get("list-type")) ? "ListObjectsV2" : "ListObjects";
                default -> throw notAllowed(method, "BUCKET");
            };
        }
        return switch (method) {
            case "PUT" -> {
                if (request.header("x-amz-copy-source") != null) {
                    throw S3Error.notImplemented("CopyObject (x-amz-copy-source)");
                }
                yield "PutObject";
            }
            case "GET" -> "GetObject";
            case "HEAD" -> "HeadObject";
            case "DELETE" -> "DeleteObject";
            default -> throw notAllowed(method, "OBJECT");
        };
    }

    private static S3Error notAllowed(String method, String resource) {
        return new S3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.")
                .with("Method", method).with("ResourceType", resource);
    }

    @Override
    public RestAnswer handle(String operation, RestRequest request, RequestContext context) {
        S3Target target = S3Target.of(request);
        return switch (operation) {
            case "ListBuckets" -> listings.buckets(request);
            case "CreateBucket" -> createBucket(target.bucket(), request, context.region());
            case "HeadBucket" -> headBucket(target.bucket());
            case "DeleteBucket" -> {
                store.deleteBucket(target.bucket());
                yield new RestAnswer(204, Map.of(), new byte[0]);
            }
            case "GetBucketLocation" -> bucketLocation(target.bucket());
            case "ListObjectsV2" -> listings.objectsV2(target.bucket(), request);
            case "ListObjects" -> listings.objectsV1(target.bucket(), request);
            case "PutObject" -> objects.put(target.bucket(), target.key(), request);
            case "GetObject" -> objects.get(target.bucket(), target.key(), request, false);
            case "HeadObject" -> objects.get(target.bucket(), target.key(), request, true);
            case "DeleteObject" -> objects.delete(target.bucket(), target.key());
            default -> throw S3Error.notImplemented(operation);
        };
    }

    /**
     * Creates a bucket in the region the request was signed for; the location constraint must name
     * that region (and is left out for us-east-1), as S3 requires.
     */
    private RestAnswer createBucket(String bucket, RestRequest request, String region) {
        String constraint = S3Listings.locationConstraint(request.body());
        if ("us-east-1".equals(region) ? constraint != null && !constraint.isEmpty() && !constraint.equals("us-east-1")
                : !region.equals(constraint)) {
            throw new S3Error(400, "IllegalLocationConstraintException", constraint == null || constraint.isEmpty()
                    ? "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to."
                    : "The " + constraint + " location constraint is incompatible for the region specific endpoint this request was sent to.");
        }
        if ("us-east-1".equals(constraint)) {
            throw new S3Error(400, "InvalidLocationConstraint", "The specified location-constraint is not valid")
                    .with("LocationConstraint", constraint);
        }
        boolean created = store.createBucket(bucket, region, clock.now());
        if (!created && !"us-east-1".equals(region)) {
            throw new S3Error(409, "BucketAlreadyOwnedByYou",
                    "Your previous request to create the named bucket succeeded and you already own it.").with("BucketName", bucket);
        }
        return new RestAnswer(200, Map.of("Location", "/" + bucket), new byte[0]);
    }

    private RestAnswer headBucket(String bucket) {
        S3Store.Bucket found = store.bucket(bucket).orElseThrow(() -> S3Error.noSuchBucket(bucket));
        return new RestAnswer(200, Map.of("x-amz-bucket-region", found.region()), new byte[0]);
    }

    /** us-east-1 answers an empty constraint, every other region its name. */
    private RestAnswer bucketLocation(String bucket) {
        S3Store.Bucket found = store.bucket(bucket).orElseThrow(() -> S3Error.noSuchBucket(bucket));
        S3Xml xml = S3Xml.root("LocationConstraint", true);
        return xmlAnswer(xml.raw(found.region().equals("us-east-1") ? "" : found.region()).end("LocationConstraint"));
    }

    static RestAnswer xmlAnswer(byte[] body) {
        return new RestAnswer(200, Map.of("Content-Type", "application/xml"), body);
    }

    @Override
    public RestAnswer error(AwsException e, String requestId, boolean head) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/xml");
        if (head) {
            return new RestAnswer(e.status(), headers, new byte[0]);
        }
        S3Xml xml = S3Xml.root("Error", false).text("Code", e.code()).text("Message", e.getMessage());
        if (e instanceof S3Error s3) {
            s3.details().forEach(xml::text);
        }
        xml.text("RequestId", requestId).text("HostId", hostId(requestId));
        return new RestAnswer(e.status(), headers, xml.end("Error"));
    }

    static String hostId(String requestId) {
        return java.util.Base64.getEncoder().encodeToString(requestId.getBytes(StandardCharsets.UTF_8));
    }
}
