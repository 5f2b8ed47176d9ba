package dev.berth.sim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A service spoken over awsJson1_1: one operation name from {@code X-Amz-Target}, JSON in and out. */
public interface AwsJsonService {
    /** The part of {@code X-Amz-Target} before the dot, e.g. {@code AmazonEC2ContainerServiceV20141113}. */
    String targetPrefix();

    /** The signing name in the SigV4 credential scope, e.g. {@code ecs}. */
    String signingName();

    JsonNode handle(String operation, ObjectNode input, RequestContext context);

    /** Whether the operation changes state; the simulator counts those separately. */
    boolean isMutating(String operation);
}
