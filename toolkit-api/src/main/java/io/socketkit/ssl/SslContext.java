package io.socketkit.ssl;

import io.socketkit.Socket;
import io.socketkit.SocketType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Python's {@code ssl.SSLContext}: the settings of TLS connections — certificates, what to verify —
 * and {@link #wrapSocket}, which turns a connected stream socket into a TLS one. An immutable value:
 * each {@code load...} and {@code with...} returns a changed copy, so one context can be shared by
 * every thread and connection.
 *
 * <pre>{@code
 * // A client, as ssl.create_default_context(): the system's CAs, hostname checked.
 * SslContext tls = SslContext.createDefaultContext();
 * try (Socket sock = tls.wrapSocket(Sockets.createConnection(address), "example.com")) { ... }
 *
 * // A server: its certificate chain and key, in PEM files.
 * SslContext serverTls = SslContext.createDefaultContext(Purpose.CLIENT_AUTH)
 *         .withCertChain(Path.of("cert.pem"), Path.of("key.pem"));
 * }</pre>
 *
 * <p>TLS runs in the provider (Netty's {@code SslHandler}, with the JDK's engine, or OpenSSL through
 * netty-tcnative when it loads and {@link Engine#OPENSSL} or {@link Engine#DEFAULT} asks for it), on
 * every transport and both stream families. Datagram sockets have no TLS (DTLS is not offered).
 */
public final class SslContext {
    /** What the context is for: Python's {@code ssl.Purpose}. */
    public enum Purpose {
        /** A client's context, verifying servers ({@code Purpose.SERVER_AUTH}). */
        SERVER_AUTH,
        /** A server's context, maybe verifying clients ({@code Purpose.CLIENT_AUTH}). */
        CLIENT_AUTH
    }

    /** Whether and how the peer's certificate is verified: Python's {@code ssl.VerifyMode}. */
    public enum VerifyMode {
        /** No certificate asked for (servers) or checked (clients): {@code CERT_NONE}. */
        CERT_NONE,
        /** Servers ask clients for one and verify it if given: {@code CERT_OPTIONAL}. */
        CERT_OPTIONAL,
        /** The peer must present a certificate that verifies: {@code CERT_REQUIRED}. */
        CERT_REQUIRED
    }

    /** Which TLS implementation runs the connections. */
    public enum Engine {
        /** OpenSSL (netty-tcnative) if it loads, else the JDK's. */
        DEFAULT,
        /** The JDK's {@code SSLEngine}. */
        JDK,
        /** OpenSSL through netty-tcnative; failing if it does not load here. */
        OPENSSL
    }

    private final Purpose purpose;
    private VerifyMode verifyMode;
    private boolean checkHostname;
    private Path certChain;
    private Path privateKey;
    private char[] keyPassword;
    private Path caFile;
    private KeyManagerFactory keyManager;
    private TrustManagerFactory trustManager;
    private Engine engine = Engine.JDK;

    private SslContext(Purpose purpose) {
        this.purpose = purpose;
        boolean client = purpose == Purpose.SERVER_AUTH;
        this.verifyMode = client ? VerifyMode.CERT_REQUIRED : VerifyMode.CERT_NONE;
        this.checkHostname = client;
    }

    private SslContext copy() {
        SslContext copy = new SslContext(purpose);
        copy.verifyMode = verifyMode;
        copy.checkHostname = checkHostname;
        copy.certChain = certChain;
        copy.privateKey = privateKey;
        copy.keyPassword = keyPassword;
        copy.caFile = caFile;
        copy.keyManager = keyManager;
        copy.trustManager = trustManager;
        copy.engine = engine;
        return copy;
    }

    /**
     * A client's context with Python's secure defaults ({@code ssl.create_default_context()}): the
     * system's trusted CAs, {@link VerifyMode#CERT_REQUIRED}, the hostname checked.
     *
     * @return the context
     */
    public static SslContext createDefaultContext() {
        return createDefaultContext(Purpose.SERVER_AUTH);
    }

    /**
     * A context for this purpose with Python's defaults: for {@link Purpose#SERVER_AUTH} (clients) as
     * {@link #createDefaultContext()}; for {@link Purpose#CLIENT_AUTH} (servers) no client certificate
     * asked for and no hostname check — load the server's own chain with {@link #withCertChain}.
     *
     * @param purpose what the context is for
     * @return the context
     */
    public static SslContext createDefaultContext(Purpose purpose) {
        return new SslContext(Objects.requireNonNull(purpose, "purpose"));
    }

    /**
     * A copy that presents this certificate chain and private key: Python's {@code load_cert_chain},
     * which changes its context in place; this one leaves this context as it is and returns the changed
     * copy, so keep the result ({@code ctx = ctx.withCertChain(cert, key)}). Both PEM; the key PKCS#8
     * ({@code BEGIN PRIVATE KEY}), or encrypted PKCS#8 with a password.
     *
     * @param certFile the chain, leaf first
     * @param keyFile the private key
     * @return the copy
     * @throws java.nio.file.NoSuchFileException if a file does not exist (checked now, read when first used)
     * @throws IOException if a file cannot be read
     */
    public SslContext withCertChain(Path certFile, Path keyFile) throws IOException {
        return withCertChain(certFile, keyFile, null);
    }

    /**
     * A copy that presents this certificate chain and encrypted private key: Python's
     * {@code load_cert_chain} with {@code password}, which changes its context in place; this one
     * returns the changed copy.
     *
     * @param certFile the chain, leaf first, PEM
     * @param keyFile the private key, PEM
     * @param password the key's password, or {@code null} if it has none
     * @return the copy
     * @throws java.nio.file.NoSuchFileException if a file does not exist
     * @throws IOException if a file cannot be read
     */
    public SslContext withCertChain(Path certFile, Path keyFile, char[] password) throws IOException {
        readable(certFile);
        readable(keyFile);
        SslContext copy = copy();
        copy.certChain = certFile;
        copy.privateKey = keyFile;
        copy.keyPassword = password == null ? null : password.clone();
        copy.keyManager = null;
        return copy;
    }

    /**
     * A copy that trusts the CA certificates in this PEM file, instead of the system's: Python's
     * {@code load_verify_locations(cafile)}, which changes its context in place; this one leaves this
     * context as it is and returns the changed copy ({@code ctx = ctx.withVerifyLocations(ca)}).
     *
     * @param caFile one or more PEM certificates
     * @return the copy
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws IOException if it cannot be read
     */
    public SslContext withVerifyLocations(Path caFile) throws IOException {
        readable(caFile);
        SslContext copy = copy();
        copy.caFile = caFile;
        copy.trustManager = null;
        return copy;
    }

    private static void readable(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        if (!Files.isReadable(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "not a readable file");
        }
    }

    /**
     * A copy whose own certificate and key come from a key manager (a key store in code), instead of PEM files.
     *
     * @param factory an initialised key manager factory
     * @return the copy
     */
    public SslContext withKeyManager(KeyManagerFactory factory) {
        SslContext copy = copy();
        copy.keyManager = Objects.requireNonNull(factory, "factory");
        copy.certChain = null;
        copy.privateKey = null;
        copy.keyPassword = null;
        return copy;
    }

    /**
     * A copy that verifies peers with this trust manager, instead of a CA file or the system's CAs.
     *
     * @param factory an initialised trust manager factory
     * @return the copy
     */
    public SslContext withTrustManager(TrustManagerFactory factory) {
        SslContext copy = copy();
        copy.trustManager = Objects.requireNonNull(factory, "factory");
        copy.caFile = null;
        return copy;
    }

    /**
     * A copy with this verify mode ({@code context.verify_mode = ...}).
     *
     * @param mode the mode
     * @return the copy
     * @throws IllegalArgumentException for {@link VerifyMode#CERT_NONE} while {@code checkHostname} is on,
     *     as Python's {@code ValueError}
     */
    public SslContext withVerifyMode(VerifyMode mode) {
        Objects.requireNonNull(mode, "mode");
        if (mode == VerifyMode.CERT_NONE && checkHostname) {
            throw new IllegalArgumentException("Cannot set verify_mode to CERT_NONE when check_hostname is enabled.");
        }
        SslContext copy = copy();
        copy.verifyMode = mode;
        return copy;
    }

    /**
     * A copy that checks, or not, that the server's certificate names the host asked for
     * ({@code context.check_hostname = ...}); turning it on also sets {@link VerifyMode#CERT_REQUIRED}
     * if the mode was {@code CERT_NONE}, as Python does.
     *
     * @param check the flag
     * @return the copy
     */
    public SslContext withCheckHostname(boolean check) {
        SslContext copy = copy();
        copy.checkHostname = check;
        if (check && verifyMode == VerifyMode.CERT_NONE) {
            copy.verifyMode = VerifyMode.CERT_REQUIRED;
        }
        return copy;
    }

    /**
     * A copy that runs on this TLS implementation (the JDK's by default).
     *
     * @param engine the implementation
     * @return the copy
     */
    public SslContext withEngine(Engine engine) {
        SslContext copy = copy();
        copy.engine = Objects.requireNonNull(engine, "engine");
        return copy;
    }

    /**
     * Makes a connected stream socket speak TLS as a client and does the handshake, within the socket's
     * timeout ({@code wrap_socket(sock, server_hostname=...)}). The socket itself is returned, changed:
     * from now on its {@code send} and {@code recv} carry TLS application data.
     *
     * @param sock a connected stream socket of a socketkit provider
     * @param serverHostname the host name to send (SNI) and, with {@code checkHostname}, to verify;
     *     {@code null} for none
     * @return {@code sock}
     * @throws IllegalArgumentException if {@code checkHostname} is on and no host name is given (Python's
     *     {@code ValueError}), or the socket is not a stream socket
     * @throws SslCertVerificationError if the server's certificate does not verify
     * @throws SslError if the handshake fails otherwise
     * @throws io.socketkit.TimeoutError if the socket's timeout passes first
     * @throws IOException if the socket is not connected (ENOTCONN) or the connection fails
     */
    public Socket wrapSocket(Socket sock, String serverHostname) throws IOException {
        return wrapSocket(sock, false, serverHostname);
    }

    /**
     * Makes a connected stream socket speak TLS and does the handshake ({@code wrap_socket}): as a
     * server (a connection {@code accept} returned; needs {@link #withCertChain}) or as a client.
     *
     * @param sock a connected stream socket of a socketkit provider
     * @param serverSide whether this end is the server
     * @param serverHostname for a client, as {@link #wrapSocket(Socket, String)}; ignored by servers
     * @return {@code sock}
     * @throws IllegalArgumentException as {@link #wrapSocket(Socket, String)}, or a server context
     *     without a certificate
     * @throws SslError if the handshake fails ({@link SslCertVerificationError} for a peer certificate that
     *     does not verify)
     * @throws io.socketkit.TimeoutError if the socket's timeout passes first
     * @throws IOException if the socket is not connected (ENOTCONN) or the connection fails
     */
    public Socket wrapSocket(Socket sock, boolean serverSide, String serverHostname) throws IOException {
        Objects.requireNonNull(sock, "sock");
        if (sock.type() != SocketType.STREAM) {
            throw new IllegalArgumentException("TLS needs a stream socket, not " + sock.type());
        }
        if (!serverSide && checkHostname && (serverHostname == null || serverHostname.isEmpty())) {
            throw new IllegalArgumentException("check_hostname requires server_hostname");
        }
        if (serverSide && !hasOwnCertificate()) {
            throw new IllegalArgumentException("a server-side TLS socket needs a certificate: withCertChain or withKeyManager");
        }
        if (!(sock instanceof TlsCapable)) {
            throw new UnsupportedOperationException(sock.getClass().getName() + " cannot speak TLS");
        }
        ((TlsCapable) sock).startTls(this, serverSide, serverSide ? null : serverHostname);
        return sock;
    }

    /** @return whether this context presents a certificate of its own */
    public boolean hasOwnCertificate() {
        return certChain != null || keyManager != null;
    }

    /** @return what the context is for */
    public Purpose purpose() {
        return purpose;
    }

    /** @return how peers are verified */
    public VerifyMode verifyMode() {
        return verifyMode;
    }

    /** @return whether a client checks the server's host name */
    public boolean checkHostname() {
        return checkHostname;
    }

    /** @return the certificate chain file, or null */
    public Path certChainFile() {
        return certChain;
    }

    /** @return the private key file, or null */
    public Path privateKeyFile() {
        return privateKey;
    }

    /** @return a copy of the key's password, or null */
    public char[] keyPassword() {
        return keyPassword == null ? null : keyPassword.clone();
    }

    /** @return the CA file, or null for the trust manager or the system's CAs */
    public Path caFile() {
        return caFile;
    }

    /** @return the key manager factory, or null */
    public KeyManagerFactory keyManager() {
        return keyManager;
    }

    /** @return the trust manager factory, or null */
    public TrustManagerFactory trustManager() {
        return trustManager;
    }

    /** @return the TLS implementation asked for */
    public Engine engine() {
        return engine;
    }

    @Override
    public String toString() {
        return "SslContext[" + purpose + ", " + verifyMode + ", checkHostname=" + checkHostname
                + (certChain != null ? ", cert=" + certChain : "") + (caFile != null ? ", ca=" + caFile : "") + ", " + engine + "]";
    }
}
