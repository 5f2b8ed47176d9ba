package dev.berth.sim.http;

/**
 * A service spoken over REST: the operation follows from the method, the path and the query
 * (S3's restXml). The handler names the operation first, so that faults and counters apply to it,
 * then answers it.
 */
public interface AwsRestService {
    /** The signing name in the SigV4 credential scope, e.g. {@code s3}. */
    String signingName();

    /** The operation this request calls, e.g. {@code PutObject}. */
    String operation(RestRequest request);

    RestAnswer handle(String operation, RestRequest request, RequestContext context);

    /** The error answer in this service's shape; {@code head} when the request was a HEAD (no body). */
    RestAnswer error(AwsException e, String requestId, boolean head);

    boolean isMutating(String operation);
}
