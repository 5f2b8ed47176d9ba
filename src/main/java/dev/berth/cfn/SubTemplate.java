package dev.berth.cfn;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The text of an {@code Fn::Sub}: literal parts and {@code ${Name}} variables. {@code ${!Literal}} is the literal
 * text {@code ${Literal}}; a {@code ${} without its closing brace is literal text.
 */
final class SubTemplate {
    /** One piece of the string: literal text, or the name of a variable to substitute. */
    record Part(String text, boolean variable) {
    }

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z0-9_.:]+");

    private final List<Part> parts;

    private SubTemplate(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    static SubTemplate parse(String text) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int from = 0;
        while (from < text.length()) {
            int open = text.indexOf("${", from);
            int close = open < 0 ? -1 : text.indexOf('}', open + 2);
            if (close < 0) {
                literal.append(text, from, text.length());
                break;
            }
            literal.append(text, from, open);
            String inner = text.substring(open + 2, close);
            if (inner.startsWith("!")) {
                literal.append("${").append(inner, 1, inner.length()).append('}');
            } else {
                if (!VARIABLE_NAME.matcher(inner).matches()) {
                    throw TemplateException.templateError("variable names in Fn::Sub syntax must contain only "
                            + "alphanumeric characters, underscores, periods, and colons");
                }
                if (literal.length() > 0) {
                    parts.add(new Part(literal.toString(), false));
                    literal.setLength(0);
                }
                parts.add(new Part(inner, true));
            }
            from = close + 1;
        }
        if (literal.length() > 0) {
            parts.add(new Part(literal.toString(), false));
        }
        return new SubTemplate(parts);
    }

    List<Part> parts() {
        return parts;
    }

    List<String> variables() {
        return parts.stream().filter(Part::variable).map(Part::text).toList();
    }
}
