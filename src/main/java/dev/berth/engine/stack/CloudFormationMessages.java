package dev.berth.engine.stack;

/**
 * The few CloudFormation message texts berth must read, because the API gives no code for what
 * they say. Everything else is decided from error codes and state; these only confirm or explain.
 */
public final class CloudFormationMessages {
    private CloudFormationMessages() {
    }

    /**
     * ValidationError of DescribeStacks, ListStackResources, DescribeStackEvents and
     * GetTemplateSummary for an unknown stack: "Stack with id X does not exist".
     */
    public static boolean stackMissing(String errorCode, String message) {
        return "ValidationError".equals(errorCode) && message != null && message.contains("does not exist");
    }

    /**
     * StatusReason of a FAILED change set (DescribeChangeSet) that would change nothing: "The
     * submitted information didn't contain changes. Submit different information to create a
     * change set." (also "No updates are to be performed." from UpdateStack).
     */
    public static boolean nothingToChange(String statusReason) {
        return statusReason != null && (statusReason.contains("didn't contain changes")
                || statusReason.contains("No updates are to be performed"));
    }

    /**
     * ValidationError of CreateChangeSet / ExecuteChangeSet / UpdateStack while another operation
     * runs: "Stack:arn... is in UPDATE_IN_PROGRESS state and can not be updated."
     */
    public static boolean stackBusy(String errorCode, String message) {
        return "ValidationError".equals(errorCode) && message != null && message.contains("_IN_PROGRESS state");
    }

    /**
     * ResourceStatusReason of resources CloudFormation stopped because the operation was cancelled
     * or another resource failed: "Resource update cancelled", "Resource creation cancelled".
     */
    public static boolean cancelled(String resourceStatusReason) {
        return resourceStatusReason != null && resourceStatusReason.endsWith("cancelled");
    }

    /** ResourceStatusReason of the stack event that starts an operation a person or tool asked for. */
    public static final String USER_INITIATED = "User Initiated";

    /**
     * Resource handlers (the CloudFormation registry) wrap their own message:
     * {@code Resource handler returned message: "..." (RequestToken: ..., HandlerErrorCode: ...)}.
     * Returns the inner message, or the reason as given.
     */
    public static String handlerMessage(String reason) {
        String prefix = "Resource handler returned message: \"";
        if (reason != null && reason.startsWith(prefix)) {
            int end = reason.lastIndexOf("\" (RequestToken");
            if (end > prefix.length()) {
                return reason.substring(prefix.length(), end);
            }
        }
        return reason;
    }
}
