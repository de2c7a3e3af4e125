package io.socketkit.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The foreign-function façade on its own: plain calls, pointers, and errno kept per call. */
class FfmTest {
    private static final int EBADF = 9;

    @BeforeEach
    void needsTheApi() {
        assumeTrue(Runtime.version().feature() >= 22, "the foreign-function API is Java 22+; this JVM is "
            + Runtime.version());
        assertThat(Ffm.available()).as("FFM with --enable-native-access").isTrue();
    }

    @Test
    @DisplayName("a C function called through a primitive-typed handle returns what the JVM knows")
    void plainCall() throws Throwable {
        MethodHandle getpid = Ffm.function("getpid", int.class).orElseThrow();
        assertThat((long) (int) getpid.invokeExact()).isEqualTo(ProcessHandle.current().pid());
        assertThat(Ffm.function("no_such_function_in_libc", int.class)).isEmpty();
    }

    @Test
    @DisplayName("a failing call leaves its errno in the calling thread's slot")
    void errno() throws Throwable {
        MethodHandle close = Ffm.functionWithErrno("close", int.class, int.class).orElseThrow();
        Ffm.ErrnoSlot slot = Ffm.errnoSlot();
        assertThat((int) close.invokeExact(slot.segment(), -1)).isEqualTo(-1);
        assertThat(slot.errno()).isEqualTo(EBADF);
    }

    @Test
    @DisplayName("a direct buffer's address is where C reads and writes it")
    void pointers() throws Throwable {
        MethodHandle memset = Ffm.function("memset", long.class, long.class, int.class, long.class).orElseThrow();
        ByteBuffer buffer = ByteBuffer.allocateDirect(16);
        long address = Ffm.address(buffer);
        assertThat((long) memset.invokeExact(address + 4, 0x7f, 8L)).isEqualTo(address + 4);
        assertThat(buffer.get(3)).isZero();
        assertThat(buffer.get(4)).isEqualTo((byte) 0x7f);
        assertThat(buffer.get(11)).isEqualTo((byte) 0x7f);
        assertThat(buffer.get(12)).isZero();
    }
}
