package io.socketkit.netty.internal;

import io.netty.channel.unix.FileDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;

/** The fast path on an epoll channel: its descriptor, read and written by the caller. */
final class NativeDirectIo extends DirectIo {
    private final FileDescriptor fd;

    NativeDirectIo(FileDescriptor fd) {
        this.fd = fd;
    }

    FileDescriptor fd() {
        return fd;
    }

    @Override
    int read(ByteBuffer buffer) throws IOException {
        int n = fd.read(buffer, buffer.position(), buffer.limit());
        if (n > 0) {
            buffer.position(buffer.position() + n);
        }
        return n;
    }

    @Override
    int write(ByteBuffer buffer) throws IOException {
        int n = fd.write(buffer, buffer.position(), buffer.limit());
        buffer.position(buffer.position() + n);
        return n;
    }

    @Override
    KernelWaiter threadWaiter() {
        if (PollWaiter.available()) {
            return PollWaiter.current();
        }
        return EpollWaiter.available() ? EpollWaiter.current() : null;
    }
}
