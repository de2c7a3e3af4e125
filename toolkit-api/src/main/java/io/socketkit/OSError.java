package io.socketkit;

import java.net.SocketAddress;

/**
 * What every socketkit error has, whatever JDK exception type it extends: Python's
 * {@code OSError.errno} and the address involved.
 *
 * <p>Catch the JDK types you know ({@link java.net.ConnectException}, {@link java.net.BindException},
 * {@link java.net.SocketTimeoutException}, {@link java.net.SocketException}) or test for this interface;
 * {@link Errno#of(Throwable)} reads the errno of any exception.
 */
public interface OSError {
    /**
     * The errno, as Python's {@code OSError.errno}.
     *
     * @return the errno, or {@code null} for a timeout (Python's {@code TimeoutError("timed out")} has none)
     */
    Errno errno();

    /**
     * The address the failed call was about.
     *
     * @return the address, or {@code null} if none was involved
     */
    SocketAddress address();
}
