package dev.berth.cfn;

import com.fasterxml.jackson.databind.JsonNode;

/** Text of the scalar values CloudFormation treats as strings: strings, numbers and booleans. */
final class Scalars {
    private Scalars() {
    }

    static boolean isScalar(JsonNode node) {
        return node != null && (node.isTextual() || node.isNumber() || node.isBoolean());
    }

    /** The text of a scalar: a number as written (without exponent), a boolean as true or false. */
    static String text(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBigDecimal() || node.isFloatingPointNumber()) {
            return node.decimalValue().toPlainString();
        }
        if (node.isNumber() || node.isBoolean()) {
            return node.asText();
        }
        throw new IllegalArgumentException("not a scalar: " + node.getNodeType());
    }
}
