package io.socketkit.examples;

import io.socketkit.AddressInUseError;
import java.io.IOException;
import java.net.BindException;
import picocli.CommandLine.Option;

/**
 * The servers' {@code --replace-stale}: a Unix socket file left by a server that died (kill -9, a crash)
 * makes the next bind fail with EADDRINUSE; with this flag a file no process listens on is replaced.
 */
public final class UnixServerOptions {
    @Option(names = "--replace-stale", description = "unix kinds: replace a socket file no process listens on"
            + " (left by a server that was killed); a live server's file is never touched")
    private boolean replaceStale;

    /** Options as picocli fills them. */
    public UnixServerOptions() {
    }

    /**
     * Whether a stale socket file may be replaced.
     *
     * @return the flag
     */
    public boolean replaceStale() {
        return replaceStale;
    }

    /**
     * Binding a server: what {@link #bind} runs.
     *
     * @param <T> what is bound
     */
    @FunctionalInterface
    public interface Binding<T> {
        /**
         * Binds.
         *
         * @return the bound server
         * @throws IOException if binding fails
         */
        T bind() throws IOException;
    }

    /**
     * Binds, adding the stale-file hint to EADDRINUSE on a Unix path when {@code --replace-stale} was not given.
     *
     * @param <T> what is bound
     * @param kind the server's kind
     * @param binding the bind
     * @return what {@code binding} returns
     * @throws IOException if binding fails; on a Unix path in use, with the hint
     */
    public <T> T bind(ExampleKind kind, Binding<T> binding) throws IOException {
        try {
            return binding.bind();
        } catch (AddressInUseError e) {
            if (!kind.isUnix() || replaceStale) {
                throw e;
            }
            BindException hinted = new BindException(e.getMessage()
                    + "; if no server runs there, the file is stale (a killed server's): --replace-stale replaces it");
            hinted.initCause(e);
            throw hinted;
        }
    }
}
