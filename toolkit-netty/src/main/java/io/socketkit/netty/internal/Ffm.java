package io.socketkit.netty.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * The JVM's foreign-function API (final in Java 22) for the few C library calls Netty has no public
 * route to, reached from a library compiled for Java 17: the API is looked up reflectively once, and
 * every function is bound to a method handle whose parameters are all primitives, so calls are plain
 * {@code invokeExact}s with no reflection on the way.
 *
 * <p>Pointers are passed as {@code long} addresses (on the 64-bit Linux ABIs a pointer and a
 * {@code long} travel in the same register); the memory they point to is a direct {@link ByteBuffer}
 * in native byte order whose {@link #address(ByteBuffer) address} the caller keeps with it. Calls that
 * report failure through {@code errno} are bound {@link #functionWithErrno with a leading parameter}
 * where the JVM stores it, since the JVM's own calls may overwrite {@code errno} before Java reads it.
 *
 * <p>On JVMs before 22, or where native access is denied, {@link #available()} is false and callers
 * keep their portable way. Where native access is neither granted nor denied the JVM prints its
 * one-time warning, as it does for Netty's own native library; {@code --enable-native-access} (or the
 * examples jar's manifest) keeps it quiet.
 */
final class Ffm {
    private static final Api API = Api.load();

    private Ffm() {
    }

    /** Whether this JVM has the API and lets this library use it. */
    static boolean available() {
        return API != null;
    }

    /**
     * A C library function as a method handle of the given primitive type.
     *
     * @param name the function's symbol, as {@code "poll"}
     * @param returns {@code int.class}, {@code long.class} or {@code void.class}
     * @param parameters each {@code int.class}, {@code long.class} (also for pointers) or {@code short.class}
     * @return the handle, or empty if the API is unavailable or the library has no such function
     */
    static Optional<MethodHandle> function(String name, Class<?> returns, Class<?>... parameters) {
        return API == null ? Optional.empty() : API.downcall(name, returns, parameters, false);
    }

    /**
     * As {@link #function}, with a leading parameter: the {@link ErrnoSlot#segment()} of the calling
     * thread's {@link #errnoSlot()}, where the call leaves {@code errno}.
     *
     * @return the handle of type {@code (Object, parameters...) returns}, or empty as for {@link #function}
     */
    static Optional<MethodHandle> functionWithErrno(String name, Class<?> returns, Class<?>... parameters) {
        return API == null ? Optional.empty() : API.downcall(name, returns, parameters, true);
    }

    /**
     * The address of a direct buffer's first byte, to pass where a function takes a pointer. The
     * buffer must stay reachable for as long as the address is used.
     *
     * @throws IllegalStateException if the API is unavailable
     * @throws IllegalArgumentException if the buffer is not direct
     */
    static long address(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer");
        }
        if (API == null) {
            throw new IllegalStateException("no foreign-function API on this JVM");
        }
        return API.address(direct);
    }

    /** The calling thread's place for {@code errno}; each thread has its own. */
    static ErrnoSlot errnoSlot() {
        if (API == null) {
            throw new IllegalStateException("no foreign-function API on this JVM");
        }
        return API.slots.get();
    }

    /** Where a {@link #functionWithErrno} call leaves {@code errno}: pass {@link #segment()}, then read it. */
    static final class ErrnoSlot {
        private final ByteBuffer memory;
        private final Object segment;
        private final int offset;

        private ErrnoSlot(ByteBuffer memory, Object segment, int offset) {
            this.memory = memory;
            this.segment = segment;
            this.offset = offset;
        }

        /** The memory segment to pass as a {@link #functionWithErrno} handle's first argument. */
        Object segment() {
            return segment;
        }

        /** The {@code errno} the last call through {@link #segment()} left. */
        int errno() {
            return memory.getInt(offset);
        }
    }

    /** The API's entry points, found once. */
    private static final class Api {
        private final Object linker;
        private final Object lookup;
        private final Method find;
        private final Method downcallHandle;
        private final Method describe;
        private final Method describeVoid;
        private final Class<?> layoutClass;
        private final Class<?> optionClass;
        private final Object intLayout;
        private final Object longLayout;
        private final Object shortLayout;
        private final Object errnoOption;
        private final int errnoBytes;
        private final int errnoOffset;
        private final Method ofBuffer;
        private final Method addressOf;
        private final ThreadLocal<ErrnoSlot> slots = ThreadLocal.withInitial(this::newSlot);

        private Api() throws ReflectiveOperationException {
            Class<?> linkerClass = Class.forName("java.lang.foreign.Linker");
            Class<?> lookupClass = Class.forName("java.lang.foreign.SymbolLookup");
            Class<?> segmentClass = Class.forName("java.lang.foreign.MemorySegment");
            Class<?> descriptorClass = Class.forName("java.lang.foreign.FunctionDescriptor");
            Class<?> valueLayouts = Class.forName("java.lang.foreign.ValueLayout");
            Class<?> structClass = Class.forName("java.lang.foreign.StructLayout");
            Class<?> pathClass = Class.forName("java.lang.foreign.MemoryLayout$PathElement");
            layoutClass = Class.forName("java.lang.foreign.MemoryLayout");
            optionClass = Class.forName("java.lang.foreign.Linker$Option");
            linker = linkerClass.getMethod("nativeLinker").invoke(null);
            lookup = linkerClass.getMethod("defaultLookup").invoke(linker);
            find = lookupClass.getMethod("find", String.class);
            Class<?> layouts = Array.newInstance(layoutClass, 0).getClass();
            Class<?> options = Array.newInstance(optionClass, 0).getClass();
            downcallHandle = linkerClass.getMethod("downcallHandle", segmentClass, descriptorClass, options);
            describe = descriptorClass.getMethod("of", layoutClass, layouts);
            describeVoid = descriptorClass.getMethod("ofVoid", layouts);
            intLayout = valueLayouts.getField("JAVA_INT").get(null);
            longLayout = valueLayouts.getField("JAVA_LONG").get(null);
            shortLayout = valueLayouts.getField("JAVA_SHORT").get(null);
            errnoOption = optionClass.getMethod("captureCallState", String[].class)
                .invoke(null, (Object) new String[] {"errno"});
            Object stateLayout = optionClass.getMethod("captureStateLayout").invoke(null);
            errnoBytes = (int) (long) layoutClass.getMethod("byteSize").invoke(stateLayout);
            Object errnoPath = Array.newInstance(pathClass, 1);
            Array.set(errnoPath, 0, pathClass.getMethod("groupElement", String.class).invoke(null, "errno"));
            errnoOffset = (int) (long) structClass.getMethod("byteOffset", errnoPath.getClass())
                .invoke(stateLayout, errnoPath);
            ofBuffer = segmentClass.getMethod("ofBuffer", Buffer.class);
            addressOf = segmentClass.getMethod("address");
        }

        /** The API, if this JVM has it and lets this library call C (a first downcall is made here). */
        static Api load() {
            if (Runtime.version().feature() < 22) {
                return null;
            }
            try {
                Api api = new Api();
                return api.downcall("getpid", int.class, new Class<?>[0], false).isPresent() ? api : null;
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                // No API, or native access denied (IllegalCallerException): the portable ways remain.
                return null;
            }
        }

        Optional<MethodHandle> downcall(String name, Class<?> returns, Class<?>[] parameters, boolean errno) {
            try {
                Optional<?> symbol = (Optional<?>) find.invoke(lookup, name);
                if (symbol.isEmpty()) {
                    return Optional.empty();
                }
                Object layouts = Array.newInstance(layoutClass, parameters.length);
                for (int i = 0; i < parameters.length; i++) {
                    Array.set(layouts, i, layout(parameters[i]));
                }
                Object descriptor = returns == void.class
                    ? describeVoid.invoke(null, layouts)
                    : describe.invoke(null, layout(returns), layouts);
                Object options = Array.newInstance(optionClass, errno ? 1 : 0);
                if (errno) {
                    Array.set(options, 0, errnoOption);
                }
                MethodHandle handle = (MethodHandle) downcallHandle.invoke(linker, symbol.get(), descriptor, options);
                MethodType type = MethodType.methodType(returns, parameters);
                return Optional.of(handle.asType(errno ? type.insertParameterTypes(0, Object.class) : type));
            } catch (ReflectiveOperationException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                if (cause instanceof RuntimeException) {
                    throw (RuntimeException) cause;
                }
                throw new IllegalStateException("cannot bind " + name, cause);
            }
        }

        private Object layout(Class<?> type) {
            if (type == int.class) {
                return intLayout;
            }
            if (type == long.class) {
                return longLayout;
            }
            if (type == short.class) {
                return shortLayout;
            }
            throw new IllegalArgumentException("not a C parameter type here: " + type);
        }

        long address(ByteBuffer direct) {
            try {
                return (long) addressOf.invoke(ofBuffer.invoke(null, direct));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        private ErrnoSlot newSlot() {
            ByteBuffer memory = ByteBuffer.allocateDirect(errnoBytes).order(ByteOrder.nativeOrder());
            try {
                return new ErrnoSlot(memory, ofBuffer.invoke(null, memory), errnoOffset);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
