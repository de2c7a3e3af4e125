/**
 * Python's {@code socketserver}: {@link io.socketkit.server.SocketServer} with request handlers
 * ({@link io.socketkit.server.StreamRequestHandler}, {@link io.socketkit.server.DatagramRequestHandler})
 * under a {@link io.socketkit.server.Concurrency} policy.
 *
 * <p>These servers are written on the {@link io.socketkit.Socket} and {@link io.socketkit.Selector}
 * contracts, as Python's are on {@code socket} and {@code selectors}, so they run on any provider and
 * transport.
 *
 * <p>Null rule: no method accepts {@code null} unless its documentation says so.
 */
package io.socketkit.server;
