package io.braid.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** Ports on the loopback interface, probed by binding them. */
public final class LocalPorts {
    /** Every part of the stack listens on this address only. */
    public static final String HOST = "127.0.0.1";

    private LocalPorts() {
    }

    /** True when nothing listens on {@code port} of {@link #HOST}, so a server could bind it now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // Linux refuses the bind while any socket listens on the port, even with SO_REUSEADDR;
            // it only lets us past sockets lingering in TIME_WAIT, which servers also get past.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True when a server accepts connections on {@code port} of {@link #HOST}. */
    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Fails with a {@link PortInUseException} naming the port and its owner when the port is taken.
     *
     * @param owner what the port is for
     * @param port  the port; 0 (any free port) always passes
     * @param hint  how the user chooses another port
     */
    public static void requireFree(String owner, int port, String hint) {
        if (port != 0 && !isFree(port)) {
            throw new PortInUseException(owner, port, hint);
        }
    }

    /** Picks {@code count} distinct ports that are free right now (held open together while choosing). */
    public static List<Integer> pickFree(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                held.add(socket);
                socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
                ports.add(socket.getLocalPort());
            }
            return ports;
        } catch (IOException e) {
            throw new IllegalStateException("cannot find a free port on " + HOST + ": " + e.getMessage(), e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a probe socket cannot lose anything
                }
            }
        }
    }

    /** One free port, see {@link #pickFree(int)}. */
    public static int pickFree() {
        return pickFree(1).get(0);
    }
}
