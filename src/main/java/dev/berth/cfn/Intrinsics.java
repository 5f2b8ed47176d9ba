package dev.berth.cfn;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;
import java.util.Set;

/** The names of CloudFormation's intrinsic functions in long form, and how to recognise a call to one. */
final class Intrinsics {
    static final String REF = "Ref";
    /** A condition reference; a function only inside the condition functions and the Conditions block. */
    static final String CONDITION = "Condition";
    static final String GET_ATT = "Fn::GetAtt";
    static final String SUB = "Fn::Sub";
    static final String JOIN = "Fn::Join";
    static final String IF = "Fn::If";
    static final String EQUALS = "Fn::Equals";
    static final String NOT = "Fn::Not";
    static final String AND = "Fn::And";
    static final String OR = "Fn::Or";
    static final String FIND_IN_MAP = "Fn::FindInMap";
    static final String IMPORT_VALUE = "Fn::ImportValue";
    static final String SELECT = "Fn::Select";
    static final String SPLIT = "Fn::Split";
    static final String GET_AZS = "Fn::GetAZs";
    static final String BASE64 = "Fn::Base64";
    static final String CIDR = "Fn::Cidr";
    static final String LENGTH = "Fn::Length";
    static final String TO_JSON_STRING = "Fn::ToJsonString";

    private static final Set<String> FUNCTIONS = Set.of(REF, GET_ATT, SUB, JOIN, IF, EQUALS, NOT, AND, OR,
            FIND_IN_MAP, IMPORT_VALUE, SELECT, SPLIT, GET_AZS, BASE64, CIDR, LENGTH, TO_JSON_STRING);

    private Intrinsics() {
    }

    /** The function a value calls: an object with exactly one key, and that key a function name. */
    static Optional<String> functionOf(JsonNode node) {
        if (node == null || !node.isObject() || node.size() != 1) {
            return Optional.empty();
        }
        String key = node.fieldNames().next();
        return FUNCTIONS.contains(key) ? Optional.of(key) : Optional.empty();
    }

    /** The condition a condition-function operand names, for {@code {"Condition": "Name"}}. */
    static Optional<String> conditionReference(JsonNode node) {
        if (node != null && node.isObject() && node.size() == 1 && node.path(CONDITION).isTextual()) {
            return Optional.of(node.get(CONDITION).textValue());
        }
        return Optional.empty();
    }
}
