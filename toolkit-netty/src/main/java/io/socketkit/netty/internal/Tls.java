package io.socketkit.netty.internal;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.socketkit.TimeoutError;
import io.socketkit.ssl.SslCertVerificationError;
import io.socketkit.ssl.SslContext;
import io.socketkit.ssl.SslError;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.CertificateException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;

/**
 * socketkit's {@link SslContext} on Netty: the Netty context built once per socketkit context (cached
 * while the context lives), {@link SslHandler}s for connections, and TLS failures as Python's errors.
 */
public final class Tls {
    /** Built Netty contexts, per socketkit context and side (a context may serve as both). */
    private static final Map<SslContext, io.netty.handler.ssl.SslContext[]> BUILT =
            Collections.synchronizedMap(new WeakHashMap<>());

    /** The protocols both sides offer: TLS 1.3 and 1.2, nothing older. */
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private Tls() {
    }

    /** @return whether OpenSSL (netty-tcnative) loads on this machine */
    public static boolean openSslAvailable() {
        return OpenSsl.isAvailable();
    }

    /**
     * A handler for one connection.
     *
     * @param context the settings
     * @param serverSide whether this end is the server
     * @param serverHostname for clients, the name for SNI and the hostname check; may be null
     * @param remote the peer (its port goes to the engine's session cache); may be null
     * @param alloc the channel's allocator
     * @return the handler, its handshake timeout not yet set
     * @throws SslError if the context cannot be built (a bad PEM file, say)
     */
    static SslHandler newHandler(SslContext context, boolean serverSide, String serverHostname, SocketAddress remote,
            ByteBufAllocator alloc) throws SslError {
        io.netty.handler.ssl.SslContext built = built(context, serverSide);
        if (serverSide) {
            // Netty's OpenSSL engine refuses a client's renegotiation itself; the JDK's needs the handler to.
            return built instanceof JdkSslContext ? new ServerTlsHandler(built.newEngine(alloc)) : built.newHandler(alloc);
        }
        int port = remote instanceof InetSocketAddress ? ((InetSocketAddress) remote).getPort() : -1;
        SslHandler handler = serverHostname != null ? built.newHandler(alloc, serverHostname, port) : built.newHandler(alloc);
        if (serverHostname != null) {
            SSLParameters parameters = handler.engine().getSSLParameters();
            if (!isIpLiteral(serverHostname)) {
                // The JDK sends no SNI for a name without a dot ("localhost"); OpenSSL and Python do.
                parameters.setServerNames(java.util.List.of(new SNIHostName(serverHostname)));
            }
            if (context.checkHostname()) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            handler.engine().setSSLParameters(parameters);
        }
        return handler;
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    private static io.netty.handler.ssl.SslContext built(SslContext context, boolean serverSide) throws SslError {
        io.netty.handler.ssl.SslContext[] sides = BUILT.computeIfAbsent(context, c -> new io.netty.handler.ssl.SslContext[2]);
        int side = serverSide ? 1 : 0;
        synchronized (sides) {
            if (sides[side] == null) {
                try {
                    sides[side] = build(context, serverSide);
                } catch (SSLException | RuntimeException e) {
                    throw new SslError("BAD_CONTEXT", "cannot make a TLS context from " + context + ": " + e.getMessage(),
                            null, e);
                }
            }
            return sides[side];
        }
    }

    private static io.netty.handler.ssl.SslContext build(SslContext context, boolean serverSide) throws SSLException {
        String password = context.keyPassword() == null ? null : new String(context.keyPassword());
        SslContextBuilder builder;
        if (serverSide) {
            builder = context.keyManager() != null ? SslContextBuilder.forServer(context.keyManager())
                    : SslContextBuilder.forServer(context.certChainFile().toFile(), context.privateKeyFile().toFile(), password);
            switch (context.verifyMode()) {
                case CERT_REQUIRED:
                    builder.clientAuth(ClientAuth.REQUIRE);
                    break;
                case CERT_OPTIONAL:
                    builder.clientAuth(ClientAuth.OPTIONAL);
                    break;
                default:
                    builder.clientAuth(ClientAuth.NONE);
                    break;
            }
        } else {
            builder = SslContextBuilder.forClient();
            if (context.keyManager() != null) {
                builder.keyManager(context.keyManager());
            } else if (context.certChainFile() != null) {
                builder.keyManager(context.certChainFile().toFile(), context.privateKeyFile().toFile(), password);
            }
            // The hostname is checked per connection (newHandler), where the name is known.
            builder.endpointIdentificationAlgorithm(null);
        }
        if (!serverSide && context.verifyMode() == SslContext.VerifyMode.CERT_NONE) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (context.trustManager() != null) {
            builder.trustManager(context.trustManager());
        } else if (context.caFile() != null) {
            builder.trustManager(context.caFile().toFile());
        }
        builder.sslProvider(provider(context.engine()));
        // TLS 1.2 at the least, whatever the engine's defaults are.
        builder.protocols(PROTOCOLS);
        return builder.build();
    }

    private static SslProvider provider(SslContext.Engine engine) {
        switch (engine) {
            case OPENSSL:
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException("OpenSSL (netty-tcnative) does not load here: "
                            + OpenSsl.unavailabilityCause());
                }
                return SslProvider.OPENSSL;
            case DEFAULT:
                return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
            default:
                return SslProvider.JDK;
        }
    }

    /**
     * A TLS failure as Python shows it: a certificate that does not verify as
     * {@link SslCertVerificationError}, a handshake timeout as {@link TimeoutError}, others as {@link SslError}
     * with Python's reason where one fits. Other I/O failures are translated as usual.
     *
     * @param cause what Netty failed with
     * @param call the call, for the message
     * @param address the peer
     * @return the exception to throw
     */
    static IOException translate(Throwable cause, String call, SocketAddress address) {
        if (cause instanceof SslHandshakeTimeoutException) {
            return new TimeoutError("timed out: " + call + " (TLS handshake)", address);
        }
        if (cause instanceof NotSslRecordException) {
            return new SslError("WRONG_VERSION_NUMBER", call + ": the peer does not speak TLS", address, cause);
        }
        if (!(cause instanceof SSLException)) {
            return NettyErrors.translate(cause, call, address);
        }
        if (isVerification(cause)) {
            return new SslCertVerificationError(message(cause), address, cause);
        }
        String text = message(cause).toLowerCase(Locale.ROOT);
        String reason;
        if (text.contains("bad_certificate") || text.contains("bad certificate")) {
            reason = "SSLV3_ALERT_BAD_CERTIFICATE";
        } else if (text.contains("certificate_required") || text.contains("certificate required")
                || text.contains("empty client certificate chain")) {
            reason = "TLSV13_ALERT_CERTIFICATE_REQUIRED";
        } else if (text.contains("certificate_unknown") || text.contains("unknown ca") || text.contains("unknown_ca")) {
            reason = "TLSV1_ALERT_UNKNOWN_CA";
        } else if (text.contains("protocol_version") || text.contains("protocol version")) {
            reason = "UNSUPPORTED_PROTOCOL";
        } else if (text.contains("renegotiation")) {
            reason = "NO_RENEGOTIATION";
        } else {
            reason = cause instanceof SSLHandshakeException ? "HANDSHAKE_FAILURE" : "SSL_ERROR";
        }
        return new SslError(reason, call + ": " + message(cause), address, cause);
    }

    /** Whether our side refused the peer's certificate (rather than the peer refusing ours). */
    private static boolean isVerification(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CertificateException || t instanceof java.security.cert.CertPathValidatorException
                    || t instanceof java.security.cert.CertPathBuilderException) {
                return true;
            }
        }
        return false;
    }

    private static String message(Throwable cause) {
        String text = cause.getMessage();
        for (Throwable t = cause.getCause(); (text == null || text.isEmpty()) && t != null; t = t.getCause()) {
            text = t.getMessage();
        }
        return text == null ? cause.getClass().getSimpleName() : text;
    }
}
