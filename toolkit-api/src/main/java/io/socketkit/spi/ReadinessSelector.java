package io.socketkit.spi;

import io.socketkit.Errno;
import io.socketkit.Selected;
import io.socketkit.SelectorEvent;
import io.socketkit.SelectorKey;
import io.socketkit.Socket;
import io.socketkit.internal.ConditionWait;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link io.socketkit.Selector} over {@link Selectable} sockets: level-triggered readiness read
 * from each socket, with a wake-up pushed by the sockets' listeners so that waiting never polls.
 *
 * <p>A generation counter, bumped by every wake-up, closes the race between reading readiness and
 * starting to wait: {@code select} waits only while the generation it saw before looking is current.
 */
final class ReadinessSelector implements io.socketkit.Selector {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<Socket, SelectorKey> keys = new LinkedHashMap<>();
    private final Runnable wakeUp = this::wakeUp;
    private long generation;
    private boolean woken;
    private boolean closed;

    @Override
    public SelectorKey register(Socket socket, Set<SelectorEvent> events, Object data) throws IOException {
        Objects.requireNonNull(socket, "socket");
        if (!(socket instanceof Selectable)) {
            throw new IllegalArgumentException("socket cannot be selected: " + socket.getClass().getName());
        }
        if (socket.isClosed()) {
            throw Errno.EBADF.newException("register: socket is closed", null);
        }
        SelectorKey key = new SelectorKey(socket, events, data);
        lock.lock();
        try {
            if (closed) {
                throw Errno.EBADF.newException("register: selector is closed", null);
            }
            if (keys.containsKey(socket)) {
                throw new IllegalArgumentException("socket is already registered: " + socket);
            }
            keys.put(socket, key);
        } finally {
            lock.unlock();
        }
        ((Selectable) socket).addReadinessListener(wakeUp);
        wakeUp();
        return key;
    }

    @Override
    public SelectorKey unregister(Socket socket) {
        SelectorKey key;
        lock.lock();
        try {
            key = keys.remove(socket);
        } finally {
            lock.unlock();
        }
        if (key == null) {
            throw new NoSuchElementException("socket is not registered: " + socket);
        }
        ((Selectable) socket).removeReadinessListener(wakeUp);
        return key;
    }

    @Override
    public SelectorKey modify(Socket socket, Set<SelectorEvent> events, Object data) {
        SelectorKey key = new SelectorKey(socket, events, data);
        lock.lock();
        try {
            if (!keys.containsKey(socket)) {
                throw new NoSuchElementException("socket is not registered: " + socket);
            }
            keys.put(socket, key);
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return key;
    }

    @Override
    public List<Selected> select(Duration timeout) throws IOException {
        long deadline = ConditionWait.deadline(timeout);
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw Errno.EBADF.newException("select: selector is closed", null);
                }
                long seen = generation;
                List<Selected> ready = readyKeys();
                if (!ready.isEmpty() || woken) {
                    woken = false;
                    return ready;
                }
                if (generation != seen) {
                    continue;
                }
                if (!ConditionWait.awaitOnce(changed, timeout, deadline)) {
                    return List.of();
                }
            }
        } catch (InterruptedException e) {
            throw ConditionWait.interrupted("select", e);
        } finally {
            lock.unlock();
        }
    }

    /** Reads each socket's readiness; runs under the lock, and the sockets never call back into it. */
    private List<Selected> readyKeys() {
        List<Selected> ready = new ArrayList<>();
        for (SelectorKey key : keys.values()) {
            Set<SelectorEvent> now = ((Selectable) key.socket()).readiness();
            EnumSet<SelectorEvent> wanted = EnumSet.noneOf(SelectorEvent.class);
            for (SelectorEvent event : key.events()) {
                if (now.contains(event)) {
                    wanted.add(event);
                }
            }
            if (!wanted.isEmpty()) {
                ready.add(new Selected(key, wanted));
            }
        }
        return ready;
    }

    @Override
    public void wakeup() {
        lock.lock();
        try {
            woken = true;
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void wakeUp() {
        lock.lock();
        try {
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Map<Socket, SelectorKey> getMap() {
        lock.lock();
        try {
            return Map.copyOf(keys);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        List<Socket> sockets;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            sockets = new ArrayList<>(keys.keySet());
            keys.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (Socket socket : sockets) {
            ((Selectable) socket).removeReadinessListener(wakeUp);
        }
    }
}
