package dev.berth.cfn;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One entry of a template's Parameters section. Numbers and booleans written for Default or AllowedValues are
 * kept as the text CloudFormation compares parameter values with ({@code 8080}, {@code true}).
 */
public record ParameterDeclaration(
        String name,
        ParameterType type,
        Optional<String> defaultValue,
        List<String> allowedValues,
        Optional<String> allowedPattern,
        OptionalInt minLength,
        OptionalInt maxLength,
        Optional<BigDecimal> minValue,
        Optional<BigDecimal> maxValue,
        boolean noEcho,
        Optional<String> description,
        Optional<String> constraintDescription) {

    public ParameterDeclaration {
        allowedValues = List.copyOf(allowedValues);
    }
}
