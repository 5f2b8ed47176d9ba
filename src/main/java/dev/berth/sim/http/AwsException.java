package dev.berth.sim.http;

/** An error answered the way AWS answers it: HTTP status, error code and message. */
public class AwsException extends RuntimeException {
    private final int status;
    private final String code;
    private final boolean senderFault;

    public AwsException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.senderFault = status < 500;
    }

    public static AwsException client(String code, String message) {
        return new AwsException(400, code, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public boolean senderFault() {
        return senderFault;
    }
}
