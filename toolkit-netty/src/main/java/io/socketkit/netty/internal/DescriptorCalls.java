package io.socketkit.netty.internal;

import io.socketkit.Errno;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * How a {@link PacketSocket}'s callers make their system calls: each one non-blocking, with the
 * socket's lock held and the socket open (so close never closes the descriptor under a call), and on
 * EAGAIN a wait, in the socket's mode, for the event loop's next edge on the descriptor
 * ({@link #onEvent()}). The edge counter is read before the call, so an edge between the call and the
 * wait is not missed.
 */
final class DescriptorCalls {
    /** The largest packet a raw socket receives whole: the IPv4 and IPv6 limit. */
    private static final int MAX_PACKET = 65535;

    private final NettySocket owner;
    /** Bumped by the event loop on every edge; guarded by the owner's lock. */
    private long events;
    /** A direct buffer for the system calls, grown as needed; guarded by the owner's lock. */
    private ByteBuffer scratch = ByteBuffer.allocateDirect(0);

    /** One non-blocking system call; null means EAGAIN. */
    interface Call<R> {
        R run() throws IOException;
    }

    DescriptorCalls(NettySocket owner) {
        this.owner = owner;
    }

    /** On the event loop: something happened on the descriptor; wakes whoever waits, and selectors. */
    void onEvent() {
        owner.lock.lock();
        try {
            events++;
            owner.readable.signalAll();
            owner.writable.signalAll();
        } finally {
            owner.lock.unlock();
        }
        owner.fireReadiness();
    }

    /**
     * Makes a call until it does not get EAGAIN, waiting for the event loop's next edge in between.
     *
     * @throws IOException the call's error; EAGAIN when non-blocking; a timeout; EBADF once closed
     */
    <R> R untilDone(String call, boolean write, SocketAddress address, Call<R> attempt) throws IOException {
        Deadline deadline = owner.deadline();
        owner.lock.lock();
        try {
            while (true) {
                owner.checkOpen(call);
                long seen = events;
                R result;
                try {
                    result = attempt.run();
                } catch (IOException | RuntimeException e) {
                    throw NettyErrors.translate(e, call + owner.where(address), address);
                }
                if (result != null) {
                    return result;
                }
                while (events == seen) {
                    deadline.await(write ? owner.writable : owner.readable, Errno.EAGAIN,
                            call + owner.where(address), address);
                    owner.checkOpen(call);
                }
            }
        } finally {
            owner.lock.unlock();
        }
    }

    /**
     * A call that cannot get EAGAIN, made once.
     *
     * @throws IOException the call's error; EBADF once closed
     */
    <R> R now(String call, SocketAddress address, Call<R> attempt) throws IOException {
        owner.lock.lock();
        try {
            owner.checkOpen(call);
            return attempt.run();
        } catch (IOException | RuntimeException e) {
            throw NettyErrors.translate(e, call + owner.where(address), address);
        } finally {
            owner.lock.unlock();
        }
    }

    /** The scratch buffer, at least {@code size} bytes, cleared; called under the owner's lock. */
    ByteBuffer scratch(int size) {
        if (scratch.capacity() < size) {
            scratch = ByteBuffer.allocateDirect(Math.max(size, Math.min(2 * scratch.capacity(), MAX_PACKET)));
        }
        scratch.clear();
        return scratch;
    }

    /** The scratch buffer holding the data, ready to send; called under the owner's lock. */
    ByteBuffer filled(byte[] data) {
        ByteBuffer buffer = scratch(data.length);
        buffer.put(data).flip();
        return buffer;
    }
}
