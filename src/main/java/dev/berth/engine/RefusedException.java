package dev.berth.engine;

/**
 * berth refused to act: the input was wrong or a pre-flight check failed. Nothing was changed.
 */
public class RefusedException extends BerthException {
    public RefusedException(String message) {
        super(message);
    }

    public RefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
