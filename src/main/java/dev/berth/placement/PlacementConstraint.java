package dev.berth.placement;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * distinctInstance (each task of the group on a different instance) or memberOf with an expression
 * of ECS's cluster query language, in the forms berth supports: {@code attribute:NAME == v},
 * {@code !=}, {@code =~ glob*}, {@code in [a, b]} and {@code not_in [a, b]}.
 */
public record PlacementConstraint(String type, String expression) {
    private static final Pattern EXPRESSION = Pattern.compile(
            "\\s*(attribute:[A-Za-z0-9_.:-]+|instanceId)\\s+(==|!=|=~|not_in|in)\\s+(\\[[^\\]]*\\]|[^\\s\\[\\]]+)\\s*");

    public PlacementConstraint {
        if (!"distinctInstance".equals(type) && !"memberOf".equals(type)) {
            throw new IllegalArgumentException("placement constraint type must be distinctInstance or memberOf, got " + type);
        }
        if ("memberOf".equals(type)) {
            if (expression == null || !EXPRESSION.matcher(expression).matches()) {
                throw new IllegalArgumentException("memberOf expression must read 'attribute:NAME OPERATOR VALUE' with "
                        + "==, !=, =~, in or not_in, got " + expression);
            }
        } else if (expression != null && !expression.isEmpty()) {
            throw new IllegalArgumentException("distinctInstance takes no expression, got " + expression);
        }
    }

    /** Whether {@code host} may take one more task of the group. */
    public boolean admits(Host host) {
        if ("distinctInstance".equals(type)) {
            return host.groupTasks() == 0;
        }
        Matcher m = EXPRESSION.matcher(expression);
        if (!m.matches()) {
            return false;
        }
        String value = host.field(m.group(1));
        List<String> operands = operands(m.group(3));
        return switch (m.group(2)) {
            case "==" -> operands.get(0).equals(value);
            case "!=" -> !operands.get(0).equals(value);
            case "=~" -> value != null && value.matches(glob(operands.get(0)));
            case "in" -> operands.contains(value);
            default -> !operands.contains(value);
        };
    }

    private static List<String> operands(String text) {
        String inner = text.startsWith("[") ? text.substring(1, text.length() - 1) : text;
        return java.util.Arrays.stream(inner.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return regex.toString();
    }
}
