/**
 * Python's {@code ssl} module for socketkit's stream sockets and servers: {@link io.socketkit.ssl.SslContext}
 * and its {@code wrapSocket}, and the errors a TLS connection raises.
 *
 * <p>Null rule: as in {@link io.socketkit}, no method accepts {@code null} unless it says so.
 */
package io.socketkit.ssl;
