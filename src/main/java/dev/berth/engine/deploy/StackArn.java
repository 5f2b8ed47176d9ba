package dev.berth.engine.deploy;

import java.util.Optional;

/** The partition, region and account a stack lives in, read from its id: arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/ID. */
record StackArn(String partition, String region, String account) {
    static Optional<StackArn> parse(String stackId) {
        String[] parts = stackId == null ? new String[0] : stackId.split(":", 6);
        if (parts.length < 6 || !parts[0].equals("arn") || !parts[2].equals("cloudformation")
                || parts[3].isEmpty() || parts[4].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StackArn(parts[1], parts[3], parts[4]));
    }
}
