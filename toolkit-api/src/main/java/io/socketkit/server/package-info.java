/**
 * Python's {@code socketserver}: {@link io.socketkit.server.SocketServer} with request handlers
 * ({@link io.socketkit.server.StreamRequestHandler}, {@link io.socketkit.server.DatagramRequestHandler})
 * under a {@link io.socketkit.server.Concurrency} policy, or with event handlers
 * ({@link io.socketkit.server.StreamEventHandler}, {@link io.socketkit.server.DatagramEventHandler}) on the
 * provider's event loops; the style is chosen by the {@link io.socketkit.server.ServerConfig} factory.
 *
 * <p>Request servers are written on the {@link io.socketkit.Socket} contract, as Python's are on
 * {@code socket}, so they run on any provider and transport. Event servers are bound by a provider that
 * implements {@link io.socketkit.server.EventServers}; both styles admit connections through the same rules
 * (limits, per-address rate, peer uid, idle timeout, TLS handshake) and count into the same
 * {@link io.socketkit.server.ServerMetrics}. The public types are the concepts; the engines behind
 * {@code SocketServer} are package-private.
 *
 * <p>Null rule: no method accepts {@code null} unless its documentation says so.
 */
package io.socketkit.server;
