package dev.berth.sim.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A service spoken over awsQuery: form-encoded parameters in ({@code Action}, {@code Version}),
 * XML out. The handler returns the content of {@code <ActionResult>}, or null when the action
 * answers with response metadata only.
 */
public interface AwsQueryService {
    /** The signing name in the SigV4 credential scope, e.g. {@code cloudformation}. */
    String signingName();

    /** The API version sent as {@code Version}, e.g. {@code 2010-05-15}. */
    String version();

    /** The XML namespace of responses and errors. */
    String xmlNamespace();

    ObjectNode handle(String action, QueryInput input, RequestContext context);

    boolean isMutating(String action);
}
