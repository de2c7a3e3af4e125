package io.socketkit.netty.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** What the library compiled for Java 17 needs to know of newer JVMs' threads. */
final class Threads {
    /** {@code Thread.isVirtual()} on 21+, null before. */
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private Threads() {
    }

    /** Whether a thread is virtual: it must park, never block in native code (that pins its carrier). */
    static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
