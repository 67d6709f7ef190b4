package io.paymenthub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A loopback port nobody listens on right now. */
public final class FreePorts {

    /** The sockets of {@link #refusing} ports, kept open (and their ports taken) until the JVM ends. */
    private static final java.util.List<Socket> HELD = new java.util.concurrent.CopyOnWriteArrayList<>();

    private FreePorts() {
    }

    public static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A loopback port that refuses connections for as long as this JVM runs: bound by a socket that never listens,
     * so no server (the runner under test included, whose ports {@link #next} picks later) can be given it.
     */
    public static int refusing() {
        Socket socket = holding();
        HELD.add(socket);
        return socket.getLocalPort();
    }

    /** A bound, never-listening socket on a free loopback port: connections are refused until it is closed. */
    public static Socket holding() {
        try {
            Socket socket = new Socket();
            socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean isListening(int port) {
        try (var ignored = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
