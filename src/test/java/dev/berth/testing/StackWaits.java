package dev.berth.testing;

import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;

import java.time.Duration;

/** Waits on a stack in tests, in real time. */
public final class StackWaits {
    private StackWaits() {
    }

    /** The stack once no operation is in progress on it; fails the test after a minute. */
    public static Stack settled(CloudFormationClient cfn, String name) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Stack stack = cfn.describeStacks(r -> r.stackName(name)).stacks().get(0);
            if (!stack.stackStatusAsString().endsWith("_IN_PROGRESS")) {
                return stack;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " still " + stack.stackStatusAsString());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
