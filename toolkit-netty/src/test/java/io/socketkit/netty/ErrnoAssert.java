package io.socketkit.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socketkit.Errno;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Python's {@code assertRaises(OSError)} with an errno check, in one call. */
final class ErrnoAssert {
    private ErrnoAssert() {
    }

    /** Asserts that the call throws an error carrying this errno; further checks chain on the result. */
    static AbstractThrowableAssert<?, ? extends Throwable> assertErrno(ThrowingCallable call, Errno errno) {
        return assertThatThrownBy(call)
                .satisfies(e -> assertThat(Errno.of(e)).as("errno of %s (cause: %s)", e, e.getCause()).isEqualTo(errno));
    }
}
