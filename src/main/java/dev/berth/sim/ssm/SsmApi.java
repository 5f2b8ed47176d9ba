package dev.berth.sim.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.sim.http.AwsException;
import dev.berth.sim.http.AwsJsonService;
import dev.berth.sim.http.JsonInput;
import dev.berth.sim.http.Pagination;
import dev.berth.sim.http.RequestContext;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** SSM Parameter Store over awsJson1_1, as the AWS CLI and the SDKs call it. */
public final class SsmApi implements AwsJsonService {
    private static final String INVALID = "ValidationException";
    private static final Set<String> TYPES = Set.of("String", "StringList", "SecureString");
    private static final Set<String> DATA_TYPES = Set.of("text", "aws:ec2:image", "aws:ssm:integration");
    private static final Set<String> MUTATING = Set.of("PutParameter", "DeleteParameter", "DeleteParameters");

    private final ParameterStore store;
    private final ObjectMapper json;
    private final String accountId;

    public SsmApi(ParameterStore store, ObjectMapper json, String accountId) {
        this.store = store;
        this.json = json;
        this.accountId = accountId;
    }

    @Override
    public String targetPrefix() {
        return "AmazonSSM";
    }

    @Override
    public String signingName() {
        return "ssm";
    }

    @Override
    public boolean isMutating(String operation) {
        return MUTATING.contains(operation);
    }

    @Override
    public JsonNode handle(String operation, ObjectNode input, RequestContext context) {
        JsonInput in = new JsonInput(input, INVALID);
        String region = context.region();
        return switch (operation) {
            case "PutParameter" -> put(in, region);
            case "GetParameter" -> get(in, region);
            case "GetParameters" -> getMany(in, region);
            case "GetParametersByPath" -> byPath(in, region);
            case "DeleteParameter" -> delete(in, region);
            case "DeleteParameters" -> deleteMany(in, region);
            default -> throw AwsException.client("UnknownOperationException", "The simulator does not implement SSM " + operation);
        };
    }

    private JsonNode put(JsonInput in, String region) {
        String name = in.required("Name");
        String value = in.required("Value");
        String type = in.string("Type");
        if (value.isEmpty()) {
            throw in.invalid("1 validation error detected: Value '' at 'value' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to 1.");
        }
        if (value.length() > ParameterStore.MAX_VALUE) {
            throw in.invalid("Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger "
                    + "parameter value, upgrade the parameter to use the advanced-parameter tier.");
        }
        if (type != null && !TYPES.contains(type)) {
            throw in.invalid("1 validation error detected: Value '" + type + "' at 'type' failed to satisfy constraint: "
                    + "Member must satisfy enum value set: [SecureString, StringList, String]");
        }
        String dataType = in.string("DataType", "text");
        if (!DATA_TYPES.contains(dataType)) {
            throw in.invalid("The following data type is not supported: " + dataType + " (Data type names are all lowercase.)");
        }
        if (dataType.equals("aws:ec2:image") && !value.matches("ami-[0-9a-f]{8}([0-9a-f]{9})?")) {
            throw in.invalid("Parameter value, " + value + ", is not a valid AMI ID for data type aws:ec2:image.");
        }
        long version = store.put(region, name, type, value, in.bool("Overwrite", false), dataType, in.string("Description"));
        ObjectNode result = json.createObjectNode();
        result.put("Version", version);
        result.put("Tier", "Standard");
        return result;
    }

    private JsonNode get(JsonInput in, String region) {
        String name = in.required("Name");
        SsmParameter parameter = store.get(region, name).orElseThrow(
                () -> AwsException.client("ParameterNotFound", "Parameter " + name + " not found."));
        ObjectNode result = json.createObjectNode();
        result.set("Parameter", view(parameter, region, in.bool("WithDecryption", false)));
        return result;
    }

    private JsonNode getMany(JsonInput in, String region) {
        List<String> names = in.strings("Names");
        if (names.isEmpty() || names.size() > 10) {
            throw in.invalid("1 validation error detected: Value '" + names + "' at 'names' failed to satisfy constraint: "
                    + "Member must have length " + (names.isEmpty() ? "greater than or equal to 1" : "less than or equal to 10") + ".");
        }
        ObjectNode result = json.createObjectNode();
        ArrayNode found = result.putArray("Parameters");
        ArrayNode invalid = result.putArray("InvalidParameters");
        for (String name : new LinkedHashSet<>(names)) {
            store.get(region, name).ifPresentOrElse(p -> found.add(view(p, region, in.bool("WithDecryption", false))),
                    () -> invalid.add(name));
        }
        return result;
    }

    private JsonNode byPath(JsonInput in, String region) {
        String path = in.required("Path");
        if (!path.startsWith("/")) {
            throw in.invalid("The parameter doesn't meet the parameter name requirements. The parameter name must begin with a "
                    + "forward slash \"/\".");
        }
        List<SsmParameter> all = store.byPath(region, path, in.bool("Recursive", false));
        Pagination.Page<SsmParameter> page = Pagination.page(all, in.string("NextToken"), in.integer("MaxResults"), 10, 10, INVALID);
        ObjectNode result = json.createObjectNode();
        ArrayNode list = result.putArray("Parameters");
        page.items().forEach(p -> list.add(view(p, region, in.bool("WithDecryption", false))));
        if (page.nextToken() != null) {
            result.put("NextToken", page.nextToken());
        }
        return result;
    }

    private JsonNode delete(JsonInput in, String region) {
        String name = in.required("Name");
        if (!store.delete(region, name)) {
            throw AwsException.client("ParameterNotFound", "Parameter " + name + " not found.");
        }
        return json.createObjectNode();
    }

    private JsonNode deleteMany(JsonInput in, String region) {
        List<String> names = in.strings("Names");
        if (names.isEmpty() || names.size() > 10) {
            throw in.invalid("1 validation error detected: Value at 'names' failed to satisfy constraint: "
                    + "Member must have length between 1 and 10.");
        }
        List<String> deleted = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            (store.delete(region, name) ? deleted : missing).add(name);
        }
        ObjectNode result = json.createObjectNode();
        deleted.forEach(result.putArray("DeletedParameters")::add);
        missing.forEach(result.putArray("InvalidParameters")::add);
        return result;
    }

    private ObjectNode view(SsmParameter parameter, String region, boolean decrypt) {
        ObjectNode node = json.createObjectNode();
        node.put("Name", parameter.name());
        node.put("Type", parameter.type());
        node.put("Value", parameter.type().equals("SecureString") && !decrypt ? sealed(parameter.value()) : parameter.value());
        node.put("Version", parameter.version());
        node.put("LastModifiedDate", new BigDecimal(parameter.lastModified().toEpochMilli()).movePointLeft(3));
        boolean published = parameter.name().startsWith("/aws/service/");
        node.put("ARN", "arn:aws:ssm:" + region + ":" + (published ? "" : accountId) + ":parameter"
                + (parameter.name().startsWith("/") ? "" : "/") + parameter.name());
        node.put("DataType", parameter.dataType());
        return node;
    }

    /** What SSM returns for a SecureString read without decryption: ciphertext, never the value. */
    private static String sealed(String value) {
        byte[] bytes = ("AQICAHj" + Integer.toHexString(value.hashCode()) + "berth-sim-kms").getBytes(StandardCharsets.UTF_8);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
