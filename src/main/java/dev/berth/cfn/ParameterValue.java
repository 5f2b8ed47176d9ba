package dev.berth.cfn;

import java.util.Objects;
import java.util.Optional;

/**
 * What a caller gives for one parameter: a value, or UsePreviousValue (keep the stack's current value). Never
 * both, so CloudFormation's "Cannot specify usePreviousValue as true and non empty value" cannot arise. The value
 * stays out of {@link #toString()}: it may be a NoEcho secret.
 */
public final class ParameterValue {
    private static final ParameterValue USE_PREVIOUS = new ParameterValue(null);

    private final String value;

    private ParameterValue(String value) {
        this.value = value;
    }

    public static ParameterValue of(String value) {
        return new ParameterValue(Objects.requireNonNull(value, "value"));
    }

    public static ParameterValue usePreviousValue() {
        return USE_PREVIOUS;
    }

    public boolean usesPreviousValue() {
        return value == null;
    }

    /** The value given; empty for UsePreviousValue. */
    public Optional<String> value() {
        return Optional.ofNullable(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ParameterValue && Objects.equals(value, ((ParameterValue) other).value);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(value);
    }

    @Override
    public String toString() {
        return usesPreviousValue() ? "ParameterValue[UsePreviousValue]" : "ParameterValue[given]";
    }
}
