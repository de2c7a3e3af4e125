package io.socketkit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.socketkit.Errno;
import io.socketkit.Selected;
import io.socketkit.SelectorEvent;
import io.socketkit.Socket;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The selector's contract over a scripted socket: level-triggered, woken by pushes, never polling. */
class ReadinessSelectorTest {

    /** A socket whose readiness the test sets, and which pushes changes to its listeners. */
    static final class Scripted {
        final Socket socket = mock(Socket.class, withSettings().extraInterfaces(Selectable.class));
        final List<Runnable> listeners = new CopyOnWriteArrayList<>();
        volatile Set<SelectorEvent> ready = EnumSet.noneOf(SelectorEvent.class);

        Scripted() {
            Selectable selectable = (Selectable) socket;
            org.mockito.Mockito.when(selectable.readiness()).thenAnswer(i -> EnumSet.copyOf(ready.isEmpty()
                    ? EnumSet.noneOf(SelectorEvent.class) : ready));
            org.mockito.Mockito.doAnswer(i -> listeners.add(i.getArgument(0))).when(selectable).addReadinessListener(org.mockito.ArgumentMatchers.any());
            org.mockito.Mockito.doAnswer(i -> listeners.remove(i.getArgument(0))).when(selectable).removeReadinessListener(org.mockito.ArgumentMatchers.any());
        }

        void become(SelectorEvent... events) {
            ready = events.length == 0 ? EnumSet.noneOf(SelectorEvent.class) : EnumSet.of(events[0], events);
            listeners.forEach(Runnable::run);
        }
    }

    @Test
    @DisplayName("level-triggered: ready until the state changes; only the registered events are reported")
    void levelTriggered() throws Exception {
        Scripted a = new Scripted();
        try (ReadinessSelector selector = new ReadinessSelector()) {
            selector.register(a.socket, Set.of(SelectorEvent.READ), "a");
            a.become(SelectorEvent.READ, SelectorEvent.WRITE);
            assertThat(selector.select(Duration.ZERO)).singleElement()
                    .satisfies(s -> assertThat(s.events()).containsExactly(SelectorEvent.READ));
            assertThat(selector.select(Duration.ZERO)).hasSize(1);
            a.become();
            assertThat(selector.select(Duration.ZERO)).isEmpty();
            assertThat(a.listeners).hasSize(1);
        }
        assertThat(a.listeners).as("close removes its listener").isEmpty();
    }

    @Test
    @DisplayName("a waiting select wakes on a push, not on a poll")
    void wakesOnPush() throws Exception {
        Scripted a = new Scripted();
        try (ReadinessSelector selector = new ReadinessSelector()) {
            selector.register(a.socket, Set.of(SelectorEvent.WRITE), null);
            CompletableFuture<List<Selected>> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return selector.select(null);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            a.become(SelectorEvent.WRITE);
            assertThat(waiting.get(10, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    @Test
    @DisplayName("close wakes a waiting select with EBADF")
    void closeWakes() throws Exception {
        ReadinessSelector selector = new ReadinessSelector();
        Scripted a = new Scripted();
        selector.register(a.socket, Set.of(SelectorEvent.READ), null);
        // select reads each socket's readiness under the selector's lock and keeps it until it waits, so
        // once it has looked, close (which takes that lock) can only run when the select waits.
        CountDownLatch looked = new CountDownLatch(1);
        org.mockito.Mockito.when(((Selectable) a.socket).readiness()).thenAnswer(i -> {
            looked.countDown();
            return EnumSet.noneOf(SelectorEvent.class);
        });
        CompletableFuture<List<Selected>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return selector.select(null);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(looked.await(10, TimeUnit.SECONDS)).as("the select looked within 10 s").isTrue();
        selector.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS))
                .satisfies(e -> assertThat(Errno.of(e.getCause())).isEqualTo(Errno.EBADF));
    }
}
