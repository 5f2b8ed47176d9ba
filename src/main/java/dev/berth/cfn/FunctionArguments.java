package dev.berth.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The arguments of the functions whose shape decides what a template refers to (Ref, Fn::GetAtt, Fn::Sub,
 * Fn::If), checked with CloudFormation's messages. Messages marked unconfirmed follow CloudFormation's style
 * but were not found quoted from a real answer.
 */
final class FunctionArguments {
    /** Fn::GetAtt: a resource, and an attribute name that may itself be an intrinsic function. */
    record GetAtt(String resource, JsonNode attribute) {
    }

    /** Fn::Sub: the text, and the variables its second argument defines (empty without one). */
    record Sub(String text, ObjectNode variables) {
    }

    /** Fn::If: a condition name and the two values to choose from. */
    record If(String condition, JsonNode whenTrue, JsonNode whenFalse) {
    }

    private FunctionArguments() {
    }

    static String ref(JsonNode argument) {
        if (!argument.isTextual()) {
            // unconfirmed wording
            throw TemplateException.templateError("every Ref object must have a single String value.");
        }
        return argument.textValue();
    }

    static GetAtt getAtt(JsonNode argument) {
        if (argument.isTextual() && argument.textValue().indexOf('.') > 0
                && !argument.textValue().endsWith(".")) {
            String text = argument.textValue();
            int dot = text.indexOf('.');
            return new GetAtt(text.substring(0, dot), JsonNodeFactory.instance.textNode(text.substring(dot + 1)));
        }
        if (argument.isArray() && argument.size() == 2 && nonEmptyText(argument.get(0))
                && (nonEmptyText(argument.get(1)) || argument.get(1).isObject())) {
            return new GetAtt(argument.get(0).textValue(), argument.get(1));
        }
        // unconfirmed wording
        throw TemplateException.templateError("every Fn::GetAtt object requires two non-empty parameters");
    }

    static Sub sub(JsonNode argument) {
        if (argument.isTextual()) {
            return new Sub(argument.textValue(), JsonNodeFactory.instance.objectNode());
        }
        if (argument.isArray() && argument.size() == 2 && argument.get(0).isTextual() && argument.get(1).isObject()) {
            return new Sub(argument.get(0).textValue(), (ObjectNode) argument.get(1));
        }
        // unconfirmed wording
        throw TemplateException.templateError("One or more Fn::Sub intrinsic functions don't specify expected "
                + "arguments. Specify a string as first argument, and an optional second argument to specify a "
                + "mapping of values to replace in the string");
    }

    static If fnIf(JsonNode argument) {
        if (argument.isArray() && argument.size() == 3 && argument.get(0).isTextual()) {
            return new If(argument.get(0).textValue(), argument.get(1), argument.get(2));
        }
        // unconfirmed wording
        throw TemplateException.templateError("Fn::If requires a list argument with three elements");
    }

    private static boolean nonEmptyText(JsonNode node) {
        return node.isTextual() && !node.textValue().isEmpty();
    }
}
