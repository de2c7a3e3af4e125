package io.socketkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketkit.Sockets;
import io.socketkit.server.SocketServer;
import io.socketkit.spi.SocketProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** Runs example servers through their command line, in this JVM, and stops them. */
final class ExampleServers implements AutoCloseable {
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final BlockingQueue<SocketServer> started = new ArrayBlockingQueue<>(16);

    /** A started server and its command's outcome. */
    record Running(SocketServer server, StringWriter out, CompletableFuture<Integer> exit) {
        String readyLine() {
            return out.toString().lines().findFirst().orElse("");
        }
    }

    ExampleServers() {
        ServerRunner.readyListener = started::add;
    }

    /** The provider for a transport name, or a visible skip when it is not here. */
    static SocketProvider provider(String transport) {
        try {
            return Sockets.provider(transport);
        } catch (UnsupportedOperationException e) {
            throw new org.opentest4j.TestAbortedException("transport not available here: " + e.getMessage(), e);
        }
    }

    Running start(String... args) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> commandLine.execute(args), threads);
        SocketServer server = null;
        while (server == null) {
            server = started.poll(100, TimeUnit.MILLISECONDS);
            if (server == null && exit.isDone()) {
                throw new AssertionError("the command ended before serving: exit " + exit.get() + ", " + out);
            }
        }
        return new Running(server, out, exit);
    }

    static void stop(Running running) throws Exception {
        running.server().shutdown();
        assertThat(running.exit().get(20, TimeUnit.SECONDS)).isZero();
    }

    @Override
    public void close() throws InterruptedException {
        ServerRunner.readyListener = null;
        threads.shutdownNow();
        assertThat(threads.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
    }
}
