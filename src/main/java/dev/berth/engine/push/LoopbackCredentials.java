package dev.berth.engine.push;

/**
 * jib sends credentials over plain HTTP only under the JVM-wide property
 * {@code sendCredentialsOverHttp}. berth allows it only while a push to a registry on this
 * machine's loopback address is under way; pushes may overlap, so the property is counted in and
 * out rather than saved and restored by each.
 */
final class LoopbackCredentials {
    private static final String PROPERTY = "sendCredentialsOverHttp";
    private static int active;
    private static String before;

    private LoopbackCredentials() {
    }

    static synchronized void allow() {
        if (active++ == 0) {
            before = System.getProperty(PROPERTY);
            System.setProperty(PROPERTY, "true");
        }
    }

    static synchronized void release() {
        if (--active == 0) {
            if (before == null) {
                System.clearProperty(PROPERTY);
            } else {
                System.setProperty(PROPERTY, before);
            }
        }
    }
}
