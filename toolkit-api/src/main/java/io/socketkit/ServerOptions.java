package io.socketkit;

/**
 * The keyword arguments of Python's {@code socket.create_server}: an immutable value, changed by
 * copies.
 *
 * <pre>{@code
 * Socket server = Sockets.createServer(address, ServerOptions.defaults().withBacklog(512).withReusePort(true));
 * }</pre>
 */
public final class ServerOptions {
    private static final ServerOptions DEFAULTS = new ServerOptions(-1, false, false);

    private final int backlog;
    private final boolean reusePort;
    private final boolean dualStackIpv6;

    private ServerOptions(int backlog, boolean reusePort, boolean dualStackIpv6) {
        this.backlog = backlog;
        this.reusePort = reusePort;
        this.dualStackIpv6 = dualStackIpv6;
    }

    /**
     * Python's defaults: the default backlog, no SO_REUSEPORT, IPv6 only on an INET6 address.
     *
     * @return the defaults
     */
    public static ServerOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A copy with this backlog ({@code backlog=}).
     *
     * @param backlog the listen backlog; 0 is the kernel's smallest queue
     * @return the copy
     * @throws IllegalArgumentException if the backlog is negative
     */
    public ServerOptions withBacklog(int backlog) {
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog < 0: " + backlog);
        }
        return new ServerOptions(backlog, reusePort, dualStackIpv6);
    }

    /**
     * A copy with SO_REUSEPORT on or off ({@code reuse_port=}); not for Unix addresses.
     *
     * @param reusePort whether to set SO_REUSEPORT
     * @return the copy
     */
    public ServerOptions withReusePort(boolean reusePort) {
        return new ServerOptions(backlog, reusePort, dualStackIpv6);
    }

    /**
     * A copy that accepts IPv4 too on an IPv6 address ({@code dualstack_ipv6=}).
     *
     * @param dualStackIpv6 whether an INET6 listener also takes IPv4 connections
     * @return the copy
     */
    public ServerOptions withDualStackIpv6(boolean dualStackIpv6) {
        return new ServerOptions(backlog, reusePort, dualStackIpv6);
    }

    /**
     * The backlog.
     *
     * @return the backlog, or -1 for {@link Socket#listen()}'s default
     */
    public int backlog() {
        return backlog;
    }

    /**
     * Whether SO_REUSEPORT is set.
     *
     * @return the flag
     */
    public boolean reusePort() {
        return reusePort;
    }

    /**
     * Whether an INET6 listener takes IPv4 too.
     *
     * @return the flag
     */
    public boolean dualStackIpv6() {
        return dualStackIpv6;
    }

    @Override
    public String toString() {
        return "ServerOptions[backlog=" + backlog + ", reusePort=" + reusePort
                + ", dualStackIpv6=" + dualStackIpv6 + "]";
    }
}
