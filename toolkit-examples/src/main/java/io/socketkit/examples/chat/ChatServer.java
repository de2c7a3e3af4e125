package io.socketkit.examples.chat;

import io.socketkit.examples.ExampleKind;
import io.socketkit.server.ServerConfig;
import io.socketkit.server.SocketServer;
import io.socketkit.spi.SocketProvider;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The chat server: an event-style server whose handlers share one {@link ChatRoom}. */
public final class ChatServer implements AutoCloseable {
    private final ChatRoom room;
    private final SocketServer server;
    private final ScheduledExecutorService idleCheck;

    /**
     * Binds the chat server.
     *
     * @param kind tcp or unix
     * @param address where to listen
     * @param provider the provider
     * @param maxLine the longest line in bytes
     * @param maxClients the most clients at once
     * @param idleTimeout disconnect silent clients after this, or null for never
     * @throws IOException if binding fails
     */
    public ChatServer(ExampleKind kind, SocketAddress address, SocketProvider provider, int maxLine, int maxClients,
            Duration idleTimeout) throws IOException {
        this(kind, address, provider, maxLine, maxClients, ChatRoom.DEFAULT_MAX_PENDING_BYTES, idleTimeout, null);
    }

    /**
     * Binds the chat server, maybe serving TLS.
     *
     * @param kind tcp or unix
     * @param address where to listen
     * @param provider the provider
     * @param maxLine the longest line in bytes
     * @param maxClients the most clients at once
     * @param maxPendingBytes how much may wait for one client ({@code Connection.pendingOutputBytes()})
     *     before it is disconnected as too slow
     * @param idleTimeout disconnect silent clients after this, or null for never
     * @param ssl a server TLS context, or null for plain text
     * @throws IOException if binding fails
     * @throws IllegalArgumentException if the kind is not a stream kind or {@code maxPendingBytes} is not positive
     */
    public ChatServer(ExampleKind kind, SocketAddress address, SocketProvider provider, int maxLine, int maxClients,
            long maxPendingBytes, Duration idleTimeout, io.socketkit.ssl.SslContext ssl) throws IOException {
        if (kind.type() != io.socketkit.SocketType.STREAM) {
            throw new IllegalArgumentException("the chat runs on tcp or unix, not " + kind.label());
        }
        this.room = new ChatRoom(maxClients, maxPendingBytes);
        this.server = new SocketServer(ServerConfig.events(kind.serverKind(), address, () -> new ChatHandler(room, maxLine))
                .withProvider(provider).withAllowReuseAddress(!kind.isUnix()).withRequestQueueSize(1024).withSsl(ssl));
        if (idleTimeout != null) {
            idleCheck = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "chat-idle-check");
                thread.setDaemon(true);
                return thread;
            });
            long period = Math.max(10, Math.min(1000, idleTimeout.toMillis() / 4));
            idleCheck.scheduleAtFixedRate(() -> room.expireIdle(idleTimeout), period, period, TimeUnit.MILLISECONDS);
        } else {
            idleCheck = null;
        }
    }

    /**
     * The server.
     *
     * @return the underlying server
     */
    public SocketServer server() {
        return server;
    }

    /**
     * The room.
     *
     * @return who is online
     */
    public ChatRoom room() {
        return room;
    }

    @Override
    public void close() {
        if (idleCheck != null) {
            idleCheck.shutdownNow();
        }
        server.close();
    }
}
