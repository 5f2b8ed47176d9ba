package dev.berth.cfn;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks one parameter value against its declaration: type, AllowedValues, AllowedPattern, Min/MaxLength,
 * Min/MaxValue. A list value is checked item by item. With a ConstraintDescription, a violated constraint is
 * reported with that description instead (aws/aws-cli#7750: "Parameter Profiles failed to satisfy constraint:
 * ..."). Wordings confirmed from real answers: must be one of AllowedValues, must match pattern, must contain at
 * least N characters, must be a number., must be a number not less than N; "at most" and "not greater than" are
 * unconfirmed counterparts.
 */
final class ParameterConstraints {
    private ParameterConstraints() {
    }

    static void check(ParameterDeclaration declaration, String value) {
        String name = declaration.name();
        ParameterType type = declaration.type();
        if (type.isAwsSpecific() && value.isBlank()) {
            // what CloudFormation answers when the named thing (key pair, subnet...) does not exist
            throw new TemplateException("Parameter validation failed: parameter value " + value
                    + " for parameter name " + name + " does not exist");
        }
        List<String> items = type.isList() ? ParameterLists.items(value) : List.of(value);
        for (String item : items) {
            Optional<BigDecimal> number = Optional.empty();
            if (type.isNumber()) {
                number = Optional.of(number(name, item));
            }
            Optional<String> violation = number.isPresent()
                    ? numberViolation(declaration, item, number.get())
                    : textViolation(declaration, item);
            if (violation.isPresent()) {
                throw new TemplateException(declaration.constraintDescription()
                        .map(description -> "Parameter " + name + " failed to satisfy constraint: " + description)
                        .orElse(violation.get()));
            }
        }
    }

    private static BigDecimal number(String name, String item) {
        try {
            return new BigDecimal(item);
        } catch (NumberFormatException e) {
            throw new TemplateException("Parameter '" + name + "' must be a number.");
        }
    }

    private static Optional<String> numberViolation(ParameterDeclaration declaration, String item, BigDecimal number) {
        String name = declaration.name();
        if (!allowed(declaration, item)) {
            return Optional.of("Parameter '" + name + "' must be one of AllowedValues");
        }
        if (declaration.minValue().isPresent() && number.compareTo(declaration.minValue().get()) < 0) {
            return Optional.of("Parameter '" + name + "' must be a number not less than "
                    + declaration.minValue().get().toPlainString());
        }
        if (declaration.maxValue().isPresent() && number.compareTo(declaration.maxValue().get()) > 0) {
            return Optional.of("Parameter '" + name + "' must be a number not greater than "
                    + declaration.maxValue().get().toPlainString());
        }
        return Optional.empty();
    }

    private static Optional<String> textViolation(ParameterDeclaration declaration, String item) {
        String name = declaration.name();
        if (!allowed(declaration, item)) {
            return Optional.of("Parameter '" + name + "' must be one of AllowedValues");
        }
        int length = item.codePointCount(0, item.length());
        if (declaration.minLength().isPresent() && length < declaration.minLength().getAsInt()) {
            return Optional.of("Parameter '" + name + "' must contain at least "
                    + declaration.minLength().getAsInt() + " characters");
        }
        if (declaration.maxLength().isPresent() && length > declaration.maxLength().getAsInt()) {
            return Optional.of("Parameter '" + name + "' must contain at most "
                    + declaration.maxLength().getAsInt() + " characters");
        }
        if (declaration.allowedPattern().isPresent() && !matches(declaration, item)) {
            return Optional.of("Parameter '" + name + "' must match pattern " + declaration.allowedPattern().get());
        }
        return Optional.empty();
    }

    /** AllowedValues compares text: a template's 8080 was read as the text "8080". */
    private static boolean allowed(ParameterDeclaration declaration, String item) {
        return declaration.allowedValues().isEmpty() || declaration.allowedValues().contains(item);
    }

    /** AllowedPattern must match the whole value, as CloudFormation documents. */
    private static boolean matches(ParameterDeclaration declaration, String item) {
        try {
            return Pattern.compile(declaration.allowedPattern().get()).matcher(item).matches();
        } catch (PatternSyntaxException e) {
            // unconfirmed wording
            throw TemplateException.templateError("Parameter '" + declaration.name()
                    + "' AllowedPattern must be a valid regular expression.");
        }
    }
}
