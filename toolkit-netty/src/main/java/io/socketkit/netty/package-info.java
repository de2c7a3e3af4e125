/**
 * socketkit's Netty backend: {@link io.socketkit.netty.Transport} names the backends,
 * {@link io.socketkit.netty.NettyProvider} makes sockets on one of them.
 *
 * <p>Null rule: no method accepts {@code null} unless its documentation says so.
 */
package io.socketkit.netty;
