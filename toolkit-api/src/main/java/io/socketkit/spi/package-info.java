/**
 * The service-provider interface: how an implementation plugs into {@link io.socketkit.Sockets}.
 *
 * <p>Null rule: as in {@link io.socketkit}, no method accepts {@code null} unless it says so.
 */
package io.socketkit.spi;
