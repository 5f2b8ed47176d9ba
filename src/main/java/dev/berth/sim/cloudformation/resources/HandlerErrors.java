package dev.berth.sim.cloudformation.resources;

import dev.berth.sim.http.AwsException;

import java.util.UUID;

/** Resource failures worded the way CloudFormation reports what a resource handler returned. */
final class HandlerErrors {
    private HandlerErrors() {
    }

    static String of(String service, AwsException e) {
        String handlerCode = switch (e.code()) {
            case "ClientException", "InvalidParameterException", "ValidationError", "ValidationException" -> "InvalidRequest";
            case "ClusterNotFoundException", "ServiceNotFoundException", "TargetGroupNotFound", "LoadBalancerNotFound",
                    "ListenerNotFound" -> "NotFound";
            case "DuplicateTargetGroupName", "DuplicateLoadBalancerName", "PriorityInUse" -> "AlreadyExists";
            case "ThrottlingException", "Throttling" -> "Throttling";
            default -> e.status() >= 500 ? "ServiceInternalError" : "GeneralServiceException";
        };
        return handlerMessage(e.getMessage() + " (Service: " + service + ", Status Code: " + e.status() + ", Request ID: "
                + UUID.randomUUID() + ")", handlerCode);
    }

    static String handlerMessage(String message, String handlerCode) {
        return "Resource handler returned message: \"" + message + "\" (RequestToken: " + UUID.randomUUID()
                + ", HandlerErrorCode: " + handlerCode + ")";
    }
}
