package io.socketkit.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty's leak detector (paranoid in tests) reports a buffer that was never
 * released. Registered for every test class by auto-detection; the detector is installed with the
 * system property {@code io.netty.customResourceLeakDetector} set in the build.
 */
public final class LeakCheck implements AfterAllCallback {
    static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    @Override
    public void afterAll(ExtensionContext context) {
        // A leak is reported when a collected buffer's tracker is polled, which new allocations do.
        for (int round = 0; round < 3; round++) {
            System.gc();
            for (int i = 0; i < 64; i++) {
                ByteBuf probe = PooledByteBufAllocator.DEFAULT.directBuffer(8);
                probe.release();
            }
        }
        assertThat(LEAKS).as("buffers leaked (Netty leak detector)").isEmpty();
    }

    /**
     * The detector Netty makes for each resource type: records each leak it reports.
     *
     * @param <T> the resource type
     */
    public static final class Recorder<T> extends ResourceLeakDetector<T> {
        /**
         * Called by Netty's factory.
         *
         * @param resourceType the type
         * @param samplingInterval the interval
         * @param maxActive unused
         */
        public Recorder(Class<?> resourceType, int samplingInterval, long maxActive) {
            super(resourceType, samplingInterval);
        }

        /**
         * Called by Netty's factory.
         *
         * @param resourceType the type
         * @param samplingInterval the interval
         */
        public Recorder(Class<?> resourceType, int samplingInterval) {
            super(resourceType, samplingInterval);
        }

        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.add(resourceType + records);
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LEAKS.add(resourceType);
            super.reportUntracedLeak(resourceType);
        }
    }
}
