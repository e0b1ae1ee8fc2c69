package io.braid.devstack;

/** A port the stack needs is already taken by another process; thrown before anything is started. */
public final class PortInUseException extends IllegalStateException {
    private final String owner;
    private final int port;

    /**
     * @param owner what the stack wanted the port for, e.g. {@code gateway} or {@code kafka}
     * @param port  the port that is taken
     * @param hint  how to choose another port, e.g. {@code BRAID_GATEWAY_PORT or --gateway-port}
     */
    public PortInUseException(String owner, int port, String hint) {
        super("port " + port + " (" + owner + ") is already in use on " + LocalPorts.HOST
                + ": stop what uses it, or choose another port with " + hint);
        this.owner = owner;
        this.port = port;
    }

    /** What the stack wanted the port for. */
    public String owner() {
        return owner;
    }

    /** The port that is taken. */
    public int port() {
        return port;
    }
}
