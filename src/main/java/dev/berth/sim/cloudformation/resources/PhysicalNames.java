package dev.berth.sim.cloudformation.resources;

import java.util.Random;

/**
 * Names CloudFormation generates for resources whose template gives none:
 * {@code stackName-LogicalId-RANDOM}, shortened to fit the resource's limit.
 */
public final class PhysicalNames {
    private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private final Random random;

    public PhysicalNames(Random random) {
        this.random = random;
    }

    public String generate(String stackName, String logicalId, int maxLength) {
        String suffix = random(12);
        String name = stackName + "-" + logicalId + "-" + suffix;
        if (name.length() <= maxLength) {
            return name;
        }
        // keep the random suffix whole; shorten the stack name and logical id alike
        int room = maxLength - suffix.length() - 2;
        int stackPart = Math.max(1, Math.min(stackName.length(), room / 2));
        int logicalPart = Math.max(1, Math.min(logicalId.length(), room - stackPart));
        return stackName.substring(0, stackPart) + "-" + logicalId.substring(0, logicalPart) + "-" + suffix;
    }

    public String hex(int digits) {
        StringBuilder text = new StringBuilder(digits);
        synchronized (random) {
            for (int i = 0; i < digits; i++) {
                text.append(Character.forDigit(random.nextInt(16), 16));
            }
        }
        return text.toString();
    }

    public String random(int length) {
        StringBuilder text = new StringBuilder(length);
        synchronized (random) {
            for (int i = 0; i < length; i++) {
                text.append(UPPER_ALNUM.charAt(random.nextInt(UPPER_ALNUM.length())));
            }
        }
        return text.toString();
    }
}
