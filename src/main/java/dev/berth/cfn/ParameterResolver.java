package dev.berth.cfn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides every parameter's value for a create or an update: the value given, the previous value when the caller
 * asks for it, or the template's Default, then checks it against the declaration. Errors are CloudFormation's,
 * checked in this order (the order itself is unconfirmed): parameters the template does not declare,
 * UsePreviousValue without a previous value, parameters without a value, then each value's constraints in
 * declaration order.
 */
public final class ParameterResolver {
    private ParameterResolver() {
    }

    /** Values for a new stack. */
    public static Map<String, String> resolve(Template template, Map<String, ParameterValue> given) {
        return resolve(template, given, Map.of());
    }

    /**
     * Values for a stack whose current parameter values are {@code previous}.
     *
     * @return each declared parameter's value, in declaration order; list values stay comma-separated text
     * @throws TemplateException e.g. "Parameters: [Version] must have values"
     */
    public static Map<String, String> resolve(Template template, Map<String, ParameterValue> given,
                                              Map<String, String> previous) {
        Map<String, ParameterDeclaration> declared = template.parameters();
        List<String> undeclared = new ArrayList<>();
        given.keySet().stream().filter(name -> !declared.containsKey(name)).forEach(undeclared::add);
        if (!undeclared.isEmpty()) {
            throw new TemplateException("Parameters: " + undeclared + " do not exist in the template");
        }
        given.forEach((name, value) -> {
            if (value.usesPreviousValue() && !previous.containsKey(name)) {
                throw new TemplateException("Invalid input for parameter key " + name
                        + ". Cannot specify usePreviousValue as true for a parameter key not in the previous template");
            }
        });
        Map<String, String> values = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (ParameterDeclaration declaration : declared.values()) {
            ParameterValue value = given.get(declaration.name());
            String resolved;
            if (value == null) {
                resolved = declaration.defaultValue().orElse(null);
            } else {
                resolved = value.usesPreviousValue() ? previous.get(declaration.name()) : value.value().orElseThrow();
            }
            if (resolved == null) {
                missing.add(declaration.name());
            } else {
                values.put(declaration.name(), resolved);
            }
        }
        if (!missing.isEmpty()) {
            throw new TemplateException("Parameters: " + missing + " must have values");
        }
        declared.values().forEach(declaration -> ParameterConstraints.check(declaration, values.get(declaration.name())));
        return Collections.unmodifiableMap(values);
    }
}
