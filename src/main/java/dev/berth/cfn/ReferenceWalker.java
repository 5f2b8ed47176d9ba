package dev.berth.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.Map;
import java.util.Optional;

/**
 * Walks a template value and reports what it refers to: Ref names, Fn::GetAtt resources, Fn::Sub variables
 * (a dotted variable is a GetAtt), the conditions Fn::If and the condition functions use, and every function
 * called. Which branches of an Fn::If are walked is the caller's choice.
 */
final class ReferenceWalker {
    /** What a walk reports; every method defaults to ignoring the reference. */
    interface Visitor {
        default void ref(String name) {
        }

        default void getAtt(String resource) {
        }

        /** A GetAtt with its attribute (text, or the function that names it); defaults to {@link #getAtt(String)}. */
        default void getAtt(String resource, JsonNode attribute) {
            getAtt(resource);
        }

        default void ifCondition(String condition) {
        }

        default void conditionReference(String condition) {
        }

        default void function(String function, JsonNode argument) {
        }
    }

    /** Whether to walk the branch of an Fn::If that is taken when its condition has the given value. */
    @FunctionalInterface
    interface Branches {
        boolean walk(String condition, boolean value);

        /** Every branch: what a template may refer to, whatever its parameters. */
        Branches ALL = (condition, value) -> true;
        /** Neither branch: what a value refers to whatever the conditions. */
        Branches NONE = (condition, value) -> false;

        /** The branches the evaluated conditions take. */
        static Branches taken(Map<String, Boolean> conditions) {
            return (condition, value) -> conditions.containsKey(condition) && conditions.get(condition) == value;
        }
    }

    private final Branches branches;
    private final Visitor visitor;

    private ReferenceWalker(Branches branches, Visitor visitor) {
        this.branches = branches;
        this.visitor = visitor;
    }

    static void walk(JsonNode node, Branches branches, Visitor visitor) {
        if (node != null) {
            new ReferenceWalker(branches, visitor).visit(node);
        }
    }

    private void visit(JsonNode node) {
        Optional<String> function = Intrinsics.functionOf(node);
        if (function.isEmpty()) {
            node.forEach(this::visit);
            return;
        }
        String name = function.get();
        JsonNode argument = node.get(name);
        visitor.function(name, argument);
        switch (name) {
            case Intrinsics.REF:
                visitor.ref(FunctionArguments.ref(argument));
                break;
            case Intrinsics.GET_ATT:
                FunctionArguments.GetAtt getAtt = FunctionArguments.getAtt(argument);
                visitor.getAtt(getAtt.resource(), getAtt.attribute());
                visit(getAtt.attribute());
                break;
            case Intrinsics.SUB:
                visitSub(FunctionArguments.sub(argument));
                break;
            case Intrinsics.IF:
                FunctionArguments.If fnIf = FunctionArguments.fnIf(argument);
                visitor.ifCondition(fnIf.condition());
                if (branches.walk(fnIf.condition(), true)) {
                    visit(fnIf.whenTrue());
                }
                if (branches.walk(fnIf.condition(), false)) {
                    visit(fnIf.whenFalse());
                }
                break;
            case Intrinsics.AND:
            case Intrinsics.OR:
            case Intrinsics.NOT:
                for (JsonNode operand : argument) {
                    Optional<String> condition = Intrinsics.conditionReference(operand);
                    if (condition.isPresent()) {
                        visitor.conditionReference(condition.get());
                    } else {
                        visit(operand);
                    }
                }
                break;
            default:
                visit(argument);
        }
    }

    private void visitSub(FunctionArguments.Sub sub) {
        for (String variable : SubTemplate.parse(sub.text()).variables()) {
            if (sub.variables().has(variable)) {
                continue;
            }
            int dot = variable.indexOf('.');
            if (dot > 0) {
                visitor.getAtt(variable.substring(0, dot),
                        JsonNodeFactory.instance.textNode(variable.substring(dot + 1)));
            } else {
                visitor.ref(variable);
            }
        }
        visit(sub.variables());
    }
}
