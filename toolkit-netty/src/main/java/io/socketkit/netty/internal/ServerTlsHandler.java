package io.socketkit.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The server side of a TLS connection on the JDK's engine: Netty's {@link SslHandler}, refusing a
 * client-initiated renegotiation as nginx does. The JDK refuses it only under a JVM-wide switch
 * ({@code jdk.tls.rejectClientInitiatedRenegotiation}, read once per JVM), so this handler does it per
 * connection: once the first handshake is done on TLS 1.2, a handshake record from the client (a new
 * ClientHello) fails the connection with an {@link SSLHandshakeException} and closes it, before the
 * engine sees the record. TLS 1.3 has no renegotiation (its post-handshake messages travel as
 * application data records). Netty's OpenSSL engine refuses renegotiation itself.
 */
final class ServerTlsHandler extends SslHandler {
    /** The record type of handshake messages (RFC 5246, section 6.2.1). */
    private static final short HANDSHAKE_RECORD = 22;
    /** Type, version and length. */
    private static final int RECORD_HEADER = 5;
    /** Set once refused; what arrives after is dropped. Event loop only. */
    private boolean refused;

    ServerTlsHandler(SSLEngine engine) {
        super(engine);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws SSLException {
        if (refused || (renegotiable() && hasHandshakeRecord(in))) {
            refuse(ctx, in);
            return;
        }
        super.decode(ctx, in, out);
        // A ClientHello in the same read as the client's last message of the first handshake.
        if (renegotiable() && engine().getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
            refuse(ctx, in);
        }
    }

    /** Whether the first handshake is done, on a protocol that has renegotiation. */
    private boolean renegotiable() {
        return handshakeFuture().isSuccess() && !"TLSv1.3".equals(engine().getSession().getProtocol());
    }

    /** Whether a record in {@code in} (which starts at a record, as the JDK engine is given whole records) is a handshake record. */
    private static boolean hasHandshakeRecord(ByteBuf in) {
        for (int at = in.readerIndex(); at < in.writerIndex(); at += RECORD_HEADER + in.getUnsignedShort(at + 3)) {
            if (in.getUnsignedByte(at) == HANDSHAKE_RECORD) {
                return true;
            }
            if (at + RECORD_HEADER > in.writerIndex()) {
                return false;
            }
        }
        return false;
    }

    private void refuse(ChannelHandlerContext ctx, ByteBuf in) {
        in.skipBytes(in.readableBytes());
        if (refused) {
            return;
        }
        refused = true;
        ctx.fireExceptionCaught(new SSLHandshakeException("client-initiated renegotiation refused"));
        // Through this handler's close: a close_notify goes out before the connection closes.
        ctx.channel().close();
    }
}
