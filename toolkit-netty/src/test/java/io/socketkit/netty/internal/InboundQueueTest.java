package io.socketkit.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The blocking stream socket's queue of what was read and not yet received. */
class InboundQueueTest {
    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    private static InboundQueue queueOf(ByteBuf... buffers) {
        InboundQueue queue = new InboundQueue();
        for (ByteBuf buffer : buffers) {
            queue.add(buffer);
        }
        return queue;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    @Test
    @DisplayName("take copies across buffers in order, cuts where asked, and releases each buffer it empties")
    void take() {
        ByteBuf first = ascii("abc");
        ByteBuf second = ascii("defg");
        InboundQueue queue = queueOf(first, second);
        assertThat(queue.bytes()).isEqualTo(7);

        assertThat(text(queue.take(2))).isEqualTo("ab");
        assertThat(first.refCnt()).isEqualTo(1);
        assertThat(text(queue.take(3))).isEqualTo("cde");
        assertThat(first.refCnt()).as("emptied, released").isZero();
        assertThat(second.refCnt()).isEqualTo(1);
        assertThat(queue.bytes()).isEqualTo(2);
        assertThat(text(queue.take(100))).isEqualTo("fg");
        assertThat(second.refCnt()).isZero();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.take(10)).isEmpty();
    }

    @Test
    @DisplayName("drain hands the buffers over unreleased, oldest first, and leaves the queue empty")
    void drain() {
        ByteBuf first = ascii("abc");
        ByteBuf second = ascii("de");
        InboundQueue queue = queueOf(first, second);
        queue.take(1);

        List<ByteBuf> drained = queue.drain();

        assertThat(drained).containsExactly(first, second);
        assertThat(first.toString(StandardCharsets.US_ASCII)).as("what was not taken").isEqualTo("bc");
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.bytes()).isZero();
        drained.forEach(ByteBuf::release);
        assertThat(first.refCnt()).isZero();
    }

    @Test
    @DisplayName("release frees every buffer and empties the queue")
    void release() {
        ByteBuf first = ascii("abc");
        ByteBuf second = ascii("de");
        InboundQueue queue = queueOf(first, second);

        queue.release();

        assertThat(first.refCnt()).isZero();
        assertThat(second.refCnt()).isZero();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.bytes()).isZero();
    }
}
