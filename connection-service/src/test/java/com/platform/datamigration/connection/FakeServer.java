package com.platform.datamigration.connection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server on loopback that answers every connection like a web server and hangs up, and counts the
 * connections it accepted: tests use it both as "a port where no database answers" and as a tripwire proving that
 * a refused request opened no socket.
 */
final class FakeServer {

    private final ServerSocket socket;
    private final AtomicInteger accepted = new AtomicInteger();

    FakeServer() {
        this(false);
    }

    /**
     * @param silent accept every connection and never say a word (nor hang up): what a firewall's tarpit or a hung
     *               server looks like, the slowest way for a connection attempt to fail
     */
    FakeServer(boolean silent) {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        java.util.List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    accepted.incrementAndGet();
                    if (silent) {
                        held.add(client);
                        continue;
                    }
                    try (client) {
                        client.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                    }
                } catch (IOException e) {
                    // next
                }
            }
        }, "fake-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }
}
