package dev.berth.cfn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Applies intrinsic functions to a template value, giving plain JSON. {@link MissingNode} stands for
 * AWS::NoValue: an object drops the key it was under, an array the element. Messages commented "unconfirmed"
 * follow CloudFormation's style but were not found quoted from a real answer.
 */
final class IntrinsicEvaluator {
    /** The template section a value comes from, which CloudFormation names when a reference is unresolved. */
    enum Block {
        RESOURCES("Resources"), OUTPUTS("Outputs"), CONDITIONS("Conditions");

        private final String label;

        Block(String label) {
            this.label = label;
        }
    }

    /** A condition's value by name; empty when the template declares no such condition. */
    @FunctionalInterface
    interface ConditionLookup {
        Optional<Boolean> value(String condition);
    }

    private static final String JOIN_ARGUMENTS = "every Fn::Join object requires two parameters, (1) a string "
            + "delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such "
            + "as Fn::GetAZs) to be joined.";
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Template template;
    private final EvaluationContext context;
    private final ConditionLookup conditions;
    private final Block block;
    private final Map<String, JsonNode> mappings;
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    IntrinsicEvaluator(Template template, EvaluationContext context, ConditionLookup conditions, Block block) {
        this.template = template;
        this.context = context;
        this.conditions = conditions;
        this.block = block;
        this.mappings = template.mappings();
    }

    /** The value with every function applied; {@link MissingNode} when the whole value is AWS::NoValue. */
    JsonNode resolve(JsonNode node) {
        Optional<String> function = Intrinsics.functionOf(node);
        if (function.isPresent()) {
            return call(function.get(), node.get(function.get()));
        }
        if (node.isObject()) {
            ObjectNode object = nodes.objectNode();
            node.properties().forEach(field -> {
                JsonNode value = resolve(field.getValue());
                if (!value.isMissingNode()) {
                    object.set(field.getKey(), value);
                }
            });
            return object;
        }
        if (node.isArray()) {
            ArrayNode array = nodes.arrayNode();
            node.forEach(item -> {
                JsonNode value = resolve(item);
                if (!value.isMissingNode()) {
                    array.add(value);
                }
            });
            return array;
        }
        return node;
    }

    /** A condition-function operand: {@code {"Condition": "Name"}} or a function giving a boolean. */
    boolean condition(JsonNode operand) {
        Optional<String> named = Intrinsics.conditionReference(operand);
        if (named.isPresent()) {
            return conditions.value(named.get()).orElseThrow(() ->
                    // unconfirmed wording
                    TemplateException.formatError("Unresolved condition dependencies [" + named.get()
                            + "] in the Conditions block of the template"));
        }
        JsonNode value = resolve(operand);
        if (!value.isBoolean()) {
            // unconfirmed wording
            throw TemplateException.formatError(
                    "Conditions can only be boolean operations on parameters and other conditions");
        }
        return value.booleanValue();
    }

    /** Whether a resource is part of the stack: it has no Condition, or its Condition is true. */
    boolean includes(ResourceDeclaration resource) {
        return resource.condition().map(name -> conditions.value(name).orElseThrow(() ->
                TemplateException.formatError("Condition " + name + " is not defined."))).orElse(true);
    }

    private JsonNode call(String function, JsonNode argument) {
        switch (function) {
            case Intrinsics.REF:
                return ref(FunctionArguments.ref(argument));
            case Intrinsics.GET_ATT:
                return getAtt(FunctionArguments.getAtt(argument));
            case Intrinsics.SUB:
                return sub(FunctionArguments.sub(argument));
            case Intrinsics.IF:
                return fnIf(FunctionArguments.fnIf(argument));
            case Intrinsics.JOIN:
                return join(argument);
            case Intrinsics.SELECT:
                return select(argument);
            case Intrinsics.SPLIT:
                return split(argument);
            case Intrinsics.FIND_IN_MAP:
                return findInMap(argument);
            case Intrinsics.IMPORT_VALUE:
                return importValue(argument);
            case Intrinsics.GET_AZS:
                return availabilityZones(argument);
            case Intrinsics.BASE64:
                return base64(argument);
            case Intrinsics.CIDR:
                return cidr(argument);
            case Intrinsics.LENGTH:
                return length(argument);
            case Intrinsics.TO_JSON_STRING:
                return toJsonString(argument);
            case Intrinsics.EQUALS:
                return nodes.booleanNode(equal(argument));
            case Intrinsics.AND:
                return nodes.booleanNode(andOr(argument, "Fn::And", true));
            case Intrinsics.OR:
                return nodes.booleanNode(andOr(argument, "Fn::Or", false));
            case Intrinsics.NOT:
                return nodes.booleanNode(not(argument));
            default:
                throw new IllegalStateException("no evaluation for " + function);
        }
    }

    private JsonNode ref(String name) {
        if (PseudoParameters.isPseudoParameter(name)) {
            return PseudoParameters.value(name, context);
        }
        ParameterDeclaration parameter = template.parameters().get(name);
        if (parameter != null) {
            return parameterValue(parameter);
        }
        ResourceDeclaration resource = template.resources().get(name);
        if (resource == null || !includes(resource) || block == Block.CONDITIONS) {
            throw unresolved(name);
        }
        String physicalId = context.physicalId(name);
        if (physicalId == null) {
            throw new IllegalStateException("Ref " + name + " before the resource has a physical id");
        }
        return nodes.textNode(physicalId);
    }

    private JsonNode parameterValue(ParameterDeclaration parameter) {
        String value = context.parameters().get(parameter.name());
        if (value == null) {
            throw context.missingParameter(parameter.name());
        }
        if (!parameter.type().isList()) {
            return nodes.textNode(value);
        }
        ArrayNode list = nodes.arrayNode();
        ParameterLists.items(value).forEach(list::add);
        return list;
    }

    private TemplateException unresolved(String name) {
        if (block == Block.CONDITIONS) {
            return TemplateException.formatError("Unresolved dependencies [" + name
                    + "]. Cannot reference resources in the Conditions block of the template");
        }
        return TemplateException.formatError("Unresolved resource dependencies [" + name + "] in the "
                + block.label + " block of the template");
    }

    private JsonNode getAtt(FunctionArguments.GetAtt getAtt) {
        String name = getAtt.resource();
        String attribute = text(resolve(getAtt.attribute()), () -> TemplateException.templateError(
                "every Fn::GetAtt object requires two non-empty parameters"));
        ResourceDeclaration resource = template.resources().get(name);
        if (resource == null) {
            throw TemplateException.templateError("instance of Fn::GetAtt references undefined resource " + name);
        }
        if (!includes(resource) || block == Block.CONDITIONS) {
            throw unresolved(name);
        }
        JsonNode value = context.attribute(name, attribute);
        if (value == null) {
            throw TemplateException.templateError(
                    "resource " + name + " does not support attribute type " + attribute + " in Fn::GetAtt");
        }
        return value.deepCopy();
    }

    private JsonNode sub(FunctionArguments.Sub sub) {
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        sub.variables().properties().forEach(field -> variables.put(field.getKey(), resolve(field.getValue())));
        StringBuilder text = new StringBuilder();
        for (SubTemplate.Part part : SubTemplate.parse(sub.text()).parts()) {
            if (!part.variable()) {
                text.append(part.text());
                continue;
            }
            String name = part.text();
            int dot = name.indexOf('.');
            JsonNode value;
            if (variables.containsKey(name)) {
                value = variables.get(name);
            } else if (dot > 0) {
                value = getAtt(new FunctionArguments.GetAtt(name.substring(0, dot), nodes.textNode(name.substring(dot + 1))));
            } else {
                value = ref(name);
            }
            // unconfirmed wording
            text.append(text(value, () -> TemplateException.templateError(
                    "variable " + name + " in Fn::Sub expression does not resolve to a string")));
        }
        return nodes.textNode(text.toString());
    }

    private JsonNode fnIf(FunctionArguments.If fnIf) {
        boolean value = conditions.value(fnIf.condition()).orElseThrow(() -> TemplateException.templateError(
                "unresolved condition dependency " + fnIf.condition() + " in Fn::If"));
        return resolve(value ? fnIf.whenTrue() : fnIf.whenFalse());
    }

    private JsonNode join(JsonNode argument) {
        if (!argument.isArray() || argument.size() != 2 || !argument.get(0).isTextual()) {
            throw TemplateException.templateError(JOIN_ARGUMENTS);
        }
        JsonNode list = resolve(argument.get(1));
        if (!list.isArray()) {
            throw TemplateException.templateError(JOIN_ARGUMENTS);
        }
        StringJoiner joined = new StringJoiner(argument.get(0).textValue());
        for (JsonNode item : list) {
            joined.add(text(item, () -> TemplateException.templateError(JOIN_ARGUMENTS)));
        }
        return nodes.textNode(joined.toString());
    }

    private JsonNode select(JsonNode argument) {
        // unconfirmed wording
        Supplier<TemplateException> malformed = () -> TemplateException.templateError(
                "Fn::Select requires a list argument with two elements: an integer index and a list");
        if (!argument.isArray() || argument.size() != 2) {
            throw malformed.get();
        }
        String index = text(resolve(argument.get(0)), malformed);
        JsonNode list = resolve(argument.get(1));
        if (!INTEGER.matcher(index).matches() || !list.isArray()) {
            throw malformed.get();
        }
        int position = index.length() > 9 ? -1 : Integer.parseInt(index);
        if (position < 0 || position >= list.size()) {
            throw TemplateException.templateError("Fn::Select cannot select nonexistent value at index " + index);
        }
        return list.get(position);
    }

    private JsonNode split(JsonNode argument) {
        // unconfirmed wording
        Supplier<TemplateException> malformed = () -> TemplateException.templateError("every Fn::Split object "
                + "requires two parameters, (1) a string delimiter and (2) a string to be split or a function that "
                + "returns a string to be split.");
        if (!argument.isArray() || argument.size() != 2 || !argument.get(0).isTextual()
                || argument.get(0).textValue().isEmpty()) {
            throw malformed.get();
        }
        String source = text(resolve(argument.get(1)), malformed);
        ArrayNode parts = nodes.arrayNode();
        for (String part : source.split(Pattern.quote(argument.get(0).textValue()), -1)) {
            parts.add(part);
        }
        return parts;
    }

    private JsonNode findInMap(JsonNode argument) {
        // unconfirmed wording
        Supplier<TemplateException> malformed = () -> TemplateException.templateError("every Fn::FindInMap object "
                + "requires three parameters, the map name, map key and the attribute for return value");
        if (!argument.isArray() || argument.size() != 3) {
            throw malformed.get();
        }
        String map = text(resolve(argument.get(0)), malformed);
        String key = text(resolve(argument.get(1)), malformed);
        String attribute = text(resolve(argument.get(2)), malformed);
        JsonNode mapping = mappings.get(map);
        if (mapping == null) {
            throw TemplateException.templateError(
                    "Mapping named '" + map + "' is not present in the 'Mappings' section of template.");
        }
        JsonNode value = mapping.path(key).path(attribute);
        if (value.isMissingNode()) {
            throw TemplateException.templateError("Unable to get mapping for " + map + "::" + key + "::" + attribute);
        }
        return value.deepCopy();
    }

    private JsonNode importValue(JsonNode argument) {
        // unconfirmed wording
        String name = text(resolve(argument), () -> TemplateException.templateError(
                "every Fn::ImportValue object must have a String value"));
        return nodes.textNode(context.exportedValue(name)
                .orElseThrow(() -> new TemplateException("No export named " + name + " found")));
    }

    private JsonNode availabilityZones(JsonNode argument) {
        // unconfirmed wording
        String region = text(resolve(argument), () -> TemplateException.templateError(
                "every Fn::GetAZs object must have a String value"));
        ArrayNode zones = nodes.arrayNode();
        context.availabilityZones(region.isEmpty() ? context.region() : region).forEach(zones::add);
        return zones;
    }

    private JsonNode base64(JsonNode argument) {
        // unconfirmed wording
        String text = text(resolve(argument), () -> TemplateException.templateError(
                "every Fn::Base64 object must have a String value"));
        return nodes.textNode(Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }

    private JsonNode cidr(JsonNode argument) {
        // unconfirmed wording
        Supplier<TemplateException> malformed = () -> TemplateException.templateError("every Fn::Cidr object "
                + "requires three parameters, (1) an ip block, (2) a count and (3) a number of cidr bits");
        if (!argument.isArray() || argument.size() != 3) {
            throw malformed.get();
        }
        String block = text(resolve(argument.get(0)), malformed);
        String count = text(resolve(argument.get(1)), malformed);
        String bits = text(resolve(argument.get(2)), malformed);
        if (!INTEGER.matcher(count).matches() || !INTEGER.matcher(bits).matches()
                || count.length() > 9 || bits.length() > 9) {
            throw malformed.get();
        }
        ArrayNode subnets = nodes.arrayNode();
        CidrBlocks.subnets(block, Integer.parseInt(count), Integer.parseInt(bits)).forEach(subnets::add);
        return subnets;
    }

    private JsonNode length(JsonNode argument) {
        JsonNode list = resolve(argument);
        if (!list.isArray()) {
            // unconfirmed wording
            throw TemplateException.templateError("Fn::Length requires a list");
        }
        return nodes.numberNode(list.size());
    }

    private JsonNode toJsonString(JsonNode argument) {
        JsonNode value = resolve(argument);
        if (!value.isContainerNode()) {
            // unconfirmed wording
            throw TemplateException.templateError("Fn::ToJsonString requires an object or a list");
        }
        try {
            return nodes.textNode(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON tree did not serialize", e);
        }
    }

    /** Fn::Equals compares scalars by their text, as parameter values are text: "8080" equals 8080. */
    private boolean equal(JsonNode argument) {
        if (!argument.isArray() || argument.size() != 2) {
            // unconfirmed wording
            throw TemplateException.templateError("every Fn::Equals object requires a list of 2 string parameters.");
        }
        JsonNode left = resolve(argument.get(0));
        JsonNode right = resolve(argument.get(1));
        if (Scalars.isScalar(left) && Scalars.isScalar(right)) {
            return Scalars.text(left).equals(Scalars.text(right));
        }
        return left.equals(right);
    }

    private boolean andOr(JsonNode argument, String function, boolean and) {
        if (!argument.isArray() || argument.size() < 2 || argument.size() > 10) {
            // unconfirmed wording
            throw TemplateException.templateError("every " + function
                    + " object requires a list of at least 2 and at most 10 boolean parameters.");
        }
        boolean result = and;
        for (JsonNode operand : argument) {
            boolean value = condition(operand);
            result = and ? result && value : result || value;
        }
        return result;
    }

    private boolean not(JsonNode argument) {
        if (!argument.isArray() || argument.size() != 1) {
            // unconfirmed wording
            throw TemplateException.templateError("every Fn::Not object requires a list with exactly 1 boolean parameter.");
        }
        return !condition(argument.get(0));
    }

    private static String text(JsonNode value, Supplier<TemplateException> notText) {
        if (!Scalars.isScalar(value)) {
            throw notText.get();
        }
        return Scalars.text(value);
    }
}
