package dev.berth.engine.aws;

import dev.berth.engine.BerthException;
import dev.berth.engine.RefusedException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * Turns SDK failures into berth's: configuration and permission problems are refusals (nothing
 * was changed, the user must fix something), the rest are failures of the verb.
 */
public final class AwsErrors {
    private static final Set<String> REFUSING_CODES = Set.of(
            "UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException", "SignatureDoesNotMatch",
            "AccessDeniedException", "AccessDenied", "ExpiredTokenException", "ExpiredToken",
            "MissingAuthenticationTokenException", "AuthFailure");

    private AwsErrors() {
    }

    /** Wraps {@code e} with the verb, e.g. "failed to describe services in cluster web". */
    public static BerthException wrap(String verb, SdkException e) {
        String detail = describe(e);
        if (isConfigurationProblem(e)) {
            return new RefusedException(verb + ": " + detail, e);
        }
        return new BerthException(verb + ": " + detail, e);
    }

    /**
     * For a call that changes nothing when AWS rejects it, such as creating a change set: a 4xx
     * rejection other than throttling (a parameter CloudFormation will not take, say) is a refusal.
     */
    public static BerthException rejection(String verb, SdkException e) {
        if (definiteRejection(e)) {
            return new RefusedException(verb + ": " + describe(e), e);
        }
        return wrap(verb, e);
    }

    /**
     * Whether AWS answered and said no (a 4xx other than throttling): the call did not act. Any
     * other failure (a 5xx, throttling, a lost connection, an answer cut off) leaves it unknown.
     */
    public static boolean definiteRejection(SdkException e) {
        return e instanceof AwsServiceException service && service.statusCode() >= 400 && service.statusCode() < 500
                && !service.isThrottlingException();
    }

    public static boolean isConfigurationProblem(SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            return code != null && REFUSING_CODES.contains(code);
        }
        if (e instanceof SdkClientException) {
            String message = String.valueOf(e.getMessage());
            return message.contains("Unable to load credentials") || message.contains("Unable to load region")
                    || hasCause(e, ConnectException.class) || hasCause(e, UnknownHostException.class);
        }
        return false;
    }

    public static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage();
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("Unable to load credentials")) {
            return "no AWS credentials found (set AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run where an instance role is available)";
        }
        if (message.contains("Unable to load region")) {
            return "no AWS region configured (set AWS_REGION or pass --region)";
        }
        if (hasCause(e, ConnectException.class)) {
            return "cannot connect to the AWS endpoint (" + rootMessage(e) + "); check --endpoint-url or AWS_ENDPOINT_URL";
        }
        if (hasCause(e, UnknownHostException.class)) {
            return "unknown host " + rootMessage(e) + "; check --endpoint-url or AWS_ENDPOINT_URL";
        }
        return message;
    }

    public static String errorCode(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode();
        }
        return null;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
