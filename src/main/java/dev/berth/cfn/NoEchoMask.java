package dev.berth.cfn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parameter values as DescribeStacks shows them: NoEcho parameters as {@value #MASK}. */
public final class NoEchoMask {
    public static final String MASK = "****";

    private NoEchoMask() {
    }

    public static Map<String, String> apply(Template template, Map<String, String> values) {
        Map<String, String> shown = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            ParameterDeclaration declaration = template.parameters().get(name);
            shown.put(name, declaration != null && declaration.noEcho() ? MASK : value);
        });
        return Collections.unmodifiableMap(shown);
    }
}
