package com.platform.datamigration.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A TCP port forward on loopback to another server, for tests: the same server under an address no configuration
 * names. It records what clients sent, so a test can tell which queries reached the server.
 */
public final class PortForward implements AutoCloseable {

    private final ServerSocket socket;
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();

    public PortForward(String host, int port) {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    Socket upstream = new Socket(host, port);
                    pump(client.getInputStream(), upstream.getOutputStream(), true, client, upstream);
                    pump(upstream.getInputStream(), client.getOutputStream(), false, client, upstream);
                } catch (IOException e) {
                    // next
                }
            }
        }, "port-forward");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void pump(InputStream in, OutputStream out, boolean record, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (a; b) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (record) {
                        synchronized (sent) {
                            sent.write(buffer, 0, n);
                        }
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the other side closed
            }
        }, "port-forward-pump");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Everything clients sent so far, as text (the protocol's framing included). */
    public String sent() {
        synchronized (sent) {
            return sent.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
