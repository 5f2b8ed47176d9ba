package dev.berth.engine.events;

/** Receives the engine's progress as it happens. Called on the engine's thread. */
@FunctionalInterface
public interface DeploymentListener {
    DeploymentListener NONE = event -> { };

    void on(BerthEvent event);
}
