package dev.berth.sim.http;

/** Who asked, where: the region and service come from the request's SigV4 credential scope. */
public record RequestContext(String region, String service, String accountId, String requestId, String accessKeyId) {
    public RequestContext(String region, String service, String accountId, String requestId) {
        this(region, service, accountId, requestId, null);
    }
}
