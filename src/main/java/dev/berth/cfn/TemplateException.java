package dev.berth.cfn;

/**
 * A template, parameter or evaluation error. {@link #getMessage()} is exactly the text CloudFormation puts in its
 * {@code ValidationError} (or in a stack event), so the simulator can answer with it unchanged.
 */
public class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }

    /** CloudFormation's "Template format error: ..." family: the template's shape is wrong. */
    static TemplateException formatError(String detail) {
        return new TemplateException("Template format error: " + detail);
    }

    /** CloudFormation's "Template error: ..." family: an intrinsic function cannot be applied. */
    static TemplateException templateError(String detail) {
        return new TemplateException("Template error: " + detail);
    }
}
