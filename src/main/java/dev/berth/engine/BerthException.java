package dev.berth.engine;

/** The root of berth's own failures. Messages say what was being done and what went wrong. */
public class BerthException extends RuntimeException {
    public BerthException(String message) {
        super(message);
    }

    public BerthException(String message, Throwable cause) {
        super(message, cause);
    }
}
