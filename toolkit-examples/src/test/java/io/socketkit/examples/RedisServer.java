package io.socketkit.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} for a test: on a free loopback port, in a temp dir, no persistence (a restart
 * starts empty, as a broker that lost its memory). It can be stopped and started again on the same port.
 * Where the binary is missing the test is skipped, saying so.
 */
final class RedisServer implements AutoCloseable {
    private static final List<Path> PLACES = List.of(Path.of("/usr/bin/redis-server"), Path.of("/usr/local/bin/redis-server"),
            Path.of("/usr/sbin/redis-server"));
    private final Path binary;
    private final Path dir;
    private final int port;
    private final StringBuilder output = new StringBuilder();
    private Process process;

    private RedisServer(Path binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
    }

    /** Starts one in {@code dir}, or skips the test if there is no redis-server here. */
    static RedisServer start(Path dir) throws Exception {
        Path binary = PLACES.stream().filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(binary != null, "redis-server is not installed (Debian: apt-get install redis-server; .ci/run does)");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        RedisServer redis = new RedisServer(binary, dir, port);
        redis.start();
        return redis;
    }

    /** {@code redis://127.0.0.1:PORT}. */
    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** Starts it (again), returning once it accepts connections (at most 10 s). */
    void start() throws Exception {
        process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", dir.toString(), "--logfile", "").redirectErrorStream(true).start();
        CountDownLatch ready = new CountDownLatch(1);
        Process started = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    if (line.contains("Ready to accept connections")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                synchronized (output) {
                    output.append("(output lost: ").append(e).append(")\n");
                }
            }
        }, "redis-output");
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(10, TimeUnit.SECONDS)) {
            stop();
            throw new AssertionError("redis-server on port " + port + " not ready in 10 s: " + output());
        }
    }

    /** Stops it (SIGTERM, then SIGKILL after 10 s), returning once it has exited. */
    void stop() throws Exception {
        if (process == null) {
            return;
        }
        // A frozen one would not act on SIGTERM.
        signal("-CONT");
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    /** Runs one command (as redis-cli would) and returns the first line of its reply. */
    String command(String... args) throws IOException {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(5000);
            StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
            for (String arg : args) {
                request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
            }
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    /** Freezes it (SIGSTOP): connections stay open, nothing is answered, as a Redis gone silent. */
    void pause() throws Exception {
        signal("-STOP");
    }

    /** Thaws it (SIGCONT). */
    void resume() throws Exception {
        signal("-CONT");
    }

    private void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill " + signal + " " + process.pid() + " failed");
        }
    }

    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
