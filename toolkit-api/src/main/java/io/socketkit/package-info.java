/**
 * Python's {@code socket} and {@code selectors} in Java spelling.
 *
 * <p>Start with {@link io.socketkit.Sockets}: {@code Sockets.socket(AddressFamily.INET, SocketType.STREAM)}
 * is Python's {@code socket.socket(AF_INET, SOCK_STREAM)}. Every error is an {@link java.io.IOException}
 * that carries an {@link io.socketkit.Errno} (see {@link io.socketkit.OSError}).
 *
 * <p>Null rule: no method accepts {@code null} unless its documentation says so (for example
 * {@link io.socketkit.Socket#setTimeout(java.time.Duration)}, where {@code null} means blocking);
 * a {@code null} argument elsewhere throws {@link java.lang.NullPointerException}.
 */
package io.socketkit;
