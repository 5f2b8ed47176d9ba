package dev.berth.cfn;

/**
 * A value a template names that only CloudFormation knows when it updates the stack: an export of another
 * stack, an SSM parameter, an attribute of a resource not created yet, a NoEcho parameter.
 */
public final class UnknownValueException extends RuntimeException {
    public UnknownValueException(String message) {
        super(message);
    }
}
