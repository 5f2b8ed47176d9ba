package dev.berth.sim.cloudformation;

import dev.berth.cfn.ParameterDeclaration;
import dev.berth.cfn.Template;
import dev.berth.sim.http.AwsException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Parameter Store as CloudFormation reads it: the values of {@code AWS::SSM::Parameter::Value<...>} parameters. */
@FunctionalInterface
public interface SsmValues {
    String SSM_TYPE = "AWS::SSM::Parameter::Value<";

    /** A parameter's current value in a region; empty when there is none. */
    Optional<String> value(String region, String name);

    /**
     * Each SSM-typed parameter's value, by parameter key, read now as CloudFormation reads them when an
     * operation or a change set starts.
     *
     * @throws AwsException with CloudFormation's words when a parameter is not in the store
     */
    default Map<String, String> resolve(String region, Template template, Map<String, String> parameters) {
        Map<String, String> resolved = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (ParameterDeclaration declaration : template.parameters().values()) {
            String name = parameters.get(declaration.name());
            if (name == null || !declaration.type().name().startsWith(SSM_TYPE)) {
                continue;
            }
            value(region, name).ifPresentOrElse(v -> resolved.put(declaration.name(), v), () -> missing.add(name));
        }
        if (!missing.isEmpty()) {
            throw AwsException.client("ValidationError", "Unable to fetch parameters [" + String.join(",", missing)
                    + "] from parameter store for this account.");
        }
        return resolved;
    }

    /** The parameters a template is evaluated with: SSM-typed ones replaced by their resolved values. */
    static Map<String, String> evaluated(Map<String, String> parameters, Map<String, String> resolved) {
        Map<String, String> merged = new LinkedHashMap<>(parameters);
        resolved.forEach((key, value) -> {
            if (merged.containsKey(key)) {
                merged.put(key, value);
            }
        });
        return merged;
    }
}
