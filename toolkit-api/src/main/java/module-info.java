/**
 * socketkit's public contract: Python's {@code socket} model for Java.
 *
 * <p>This module has no dependency but the JDK. The implementation is found at run time through
 * {@link java.util.ServiceLoader} as an {@link io.socketkit.spi.SocketProvider}; add
 * {@code io.socketkit:toolkit-netty} to the class or module path.
 */
module io.socketkit {
    exports io.socketkit;
    exports io.socketkit.server;
    exports io.socketkit.spi;
    exports io.socketkit.ssl;
    // UnixSocketFile, the throttled log and the readiness selector, for the provider; not an API.
    exports io.socketkit.internal to io.socketkit.netty;

    uses io.socketkit.spi.SocketProvider;
}
