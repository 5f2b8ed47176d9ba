package dev.berth.sim.sts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.sim.http.AwsException;
import dev.berth.sim.http.AwsQueryService;
import dev.berth.sim.http.QueryInput;
import dev.berth.sim.http.RequestContext;
import dev.berth.sim.http.SessionCredentials;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.Set;

/**
 * STS over awsQuery: who is calling (GetCallerIdentity), and AssumeRole for cross-account
 * deploys. Any role in the simulated account may be assumed; the credentials it hands out are
 * accepted like any other.
 */
public final class StsApi implements AwsQueryService {
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final ObjectMapper json;
    private final SessionCredentials sessions;
    private final Random random;
    private final String accountId;

    public StsApi(ObjectMapper json, SessionCredentials sessions, Random random, String accountId) {
        this.json = json;
        this.sessions = sessions;
        this.random = random;
        this.accountId = accountId;
    }

    @Override
    public String signingName() {
        return "sts";
    }

    @Override
    public String version() {
        return "2011-06-15";
    }

    @Override
    public String xmlNamespace() {
        return "https://sts.amazonaws.com/doc/2011-06-15/";
    }

    @Override
    public boolean isMutating(String action) {
        return Set.of("AssumeRole").contains(action);
    }

    @Override
    public ObjectNode handle(String action, QueryInput input, RequestContext context) {
        return switch (action) {
            case "GetCallerIdentity" -> callerIdentity(context);
            case "AssumeRole" -> assumeRole(input);
            default -> throw AwsException.client("InvalidAction", "Could not find operation " + action + " for version 2011-06-15");
        };
    }

    private ObjectNode callerIdentity(RequestContext context) {
        ObjectNode result = json.createObjectNode();
        String key = context.accessKeyId() == null ? "anonymous" : context.accessKeyId();
        result.put("UserId", key);
        result.put("Account", accountId);
        result.put("Arn", key.startsWith("ASIA") ? "arn:aws:sts::" + accountId + ":assumed-role/" + key
                : "arn:aws:iam::" + accountId + ":user/" + key);
        return result;
    }

    private ObjectNode assumeRole(QueryInput input) {
        String roleArn = input.required("RoleArn");
        String session = input.required("RoleSessionName");
        if (!roleArn.matches("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+")) {
            throw AwsException.client("ValidationError", "1 validation error detected: Value '" + roleArn
                    + "' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+");
        }
        int seconds = input.integer("DurationSeconds") == null ? 3600 : input.integer("DurationSeconds");
        if (seconds < 900 || seconds > 43200) {
            throw AwsException.client("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        String accessKeyId = "ASIA" + token(16);
        Instant expires = sessions.issue(accessKeyId, Duration.ofSeconds(seconds));
        ObjectNode result = json.createObjectNode();
        ObjectNode credentials = result.putObject("Credentials");
        credentials.put("AccessKeyId", accessKeyId);
        credentials.put("SecretAccessKey", token(40));
        credentials.put("SessionToken", token(64));
        credentials.put("Expiration", DateTimeFormatter.ISO_INSTANT.format(expires));
        ObjectNode user = result.putObject("AssumedRoleUser");
        user.put("AssumedRoleId", "AROA" + token(17) + ":" + session);
        user.put("Arn", "arn:aws:sts::" + roleArn.split(":")[4] + ":assumed-role/" + roleName + "/" + session);
        return result;
    }

    private String token(int length) {
        StringBuilder text = new StringBuilder(length);
        synchronized (random) {
            for (int i = 0; i < length; i++) {
                text.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
            }
        }
        return text.toString();
    }
}
