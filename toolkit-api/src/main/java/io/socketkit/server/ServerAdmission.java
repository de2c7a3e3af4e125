package io.socketkit.server;

import io.socketkit.internal.ThrottledLog;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * The one admission path of a server, whichever its handler style: the peer-uid check, the connection
 * limits and per-address rate ({@link ServerAccounting#admit}), the idle timeout and the TLS handshake's
 * accounting. {@link RequestEngine} calls it for each accepted socket, a provider's event server (through
 * {@link EventServers.Admission}) for each accepted channel; both count into the same
 * {@link ServerAccounting}. Thread-safe, never blocks.
 */
final class ServerAdmission implements EventServers.Admission {
    private static final System.Logger LOG = System.getLogger(SocketServer.class.getName());
    /** The per-connection warning of an uncheckable peer: a line a second at most, with the count. */
    private static final ThrottledLog PEER_WARNINGS = new ThrottledLog(LOG);

    private final ServerConfig config;
    private final ServerAccounting accounting;

    ServerAdmission(ServerConfig config, String name) {
        this.config = config;
        this.accounting = new ServerAccounting(config.limits(), name + " " + config.kind() + " " + config.address());
    }

    /** The counters, which are also the server's {@link ServerMetrics}. */
    ServerAccounting accounting() {
        return accounting;
    }

    @Override
    public boolean admit(SocketAddress remote, EventServers.PeerUid peer) {
        return peerAllowed(peer) && accounting.admit(remote);
    }

    /** Whether a Unix peer runs as an allowed user ({@code allowedPeerUids}); counts a refusal. */
    private boolean peerAllowed(EventServers.PeerUid peer) {
        if (config.allowedPeerUids() == null) {
            return true;
        }
        int uid;
        try {
            uid = peer.uid();
        } catch (IOException e) {
            // EOPNOTSUPP on a transport that cannot tell (NIO): no one is let in unchecked.
            accounting.error(e);
            PEER_WARNINGS.log("uid", System.Logger.Level.WARNING, "cannot check the peer's uid (" + e.getMessage()
                    + "); connection refused", null);
            accounting.refusePeer(-1);
            return false;
        }
        if (config.allowedPeerUids().contains(uid)) {
            return true;
        }
        accounting.refusePeer(uid);
        return false;
    }

    @Override
    public void closed(SocketAddress remote) {
        accounting.closed(remote);
    }

    @Override
    public void received(long bytes) {
        accounting.received(bytes);
    }

    @Override
    public void sent(long bytes) {
        accounting.sent(bytes);
    }

    @Override
    public void truncated(SocketAddress sender) {
        accounting.truncated();
        LOG.log(System.Logger.Level.DEBUG, "datagram from {0} cut to maxPacketSize {1}", sender, config.maxPacketSize());
    }

    @Override
    public void failed(Throwable error) {
        accounting.error(error);
    }

    /**
     * How long a connection may receive nothing before it is closed.
     *
     * @return the idle timeout, or {@code null} for none
     */
    Duration idleTimeout() {
        return config.limits().idleTimeout();
    }

    @Override
    public void idleTimedOut(Object connection) {
        accounting.limitHit(ServerMetrics.Limit.IDLE_TIMEOUT, "connection " + connection + " idle for "
                + idleTimeout() + ", closed");
    }

    @Override
    public void handshakeFailed(Object connection, Throwable error, boolean timedOut) {
        if (timedOut) {
            accounting.limitHit(ServerMetrics.Limit.HANDSHAKE_TIMEOUT, "TLS handshake with " + connection
                    + " took longer than " + config.limits().handshakeTimeout() + "; closed");
            return;
        }
        accounting.error(error);
        LOG.log(System.Logger.Level.DEBUG, "TLS handshake with " + connection + " failed", error);
    }

    @Override
    public void pendingOutputExceeded(Object connection) {
        accounting.limitHit(ServerMetrics.Limit.MAX_PENDING_OUTPUT, "connection " + connection + " has more than "
                + config.limits().maxPendingOutputBytes() + " bytes waiting to be sent; closed");
    }

    /** A request {@code verifyRequest} refused. */
    void refusedByServer() {
        accounting.refusedByServer();
    }

    /** A datagram that found every request slot taken: dropped, counted and logged. */
    void dropped(SocketAddress sender) {
        accounting.dropped();
        accounting.limitHit(ServerMetrics.Limit.DATAGRAMS_IN_FLIGHT, "datagram from " + sender + " dropped: "
                + config.limits().maxDatagramsInFlight() + " (or the pool's threads and queue) in flight");
    }

    /** A line longer than {@code maxLineLength} ended a request ({@code what} says whose and how long). */
    void lineTooLong(String what) {
        accounting.limitHit(ServerMetrics.Limit.MAX_LINE_LENGTH, what + "; request ended");
    }
}
