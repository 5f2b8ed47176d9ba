package dev.berth.sim.autoscaling;

/** An EC2 instance an Auto Scaling group launched, and where it is in its life. */
public final class SimInstance {
    public enum State { PENDING, IN_SERVICE, TERMINATING, TERMINATED }

    final String id;
    final String instanceType;
    final String availabilityZone;
    final String launchVersion;
    State state = State.PENDING;
    /** The cluster it joined and its container-instance ARN there, once its agent registered. */
    String cluster;
    String containerInstanceArn;

    SimInstance(String id, String instanceType, String availabilityZone, String launchVersion) {
        this.id = id;
        this.instanceType = instanceType;
        this.availabilityZone = availabilityZone;
        this.launchVersion = launchVersion;
    }

    public String id() {
        return id;
    }

    public State state() {
        return state;
    }

    public String launchVersion() {
        return launchVersion;
    }

    public String containerInstanceArn() {
        return containerInstanceArn;
    }
}
