package io.socketkit.netty.internal;

import io.netty.channel.unix.FileDescriptor;
import io.socketkit.Descriptor;
import io.socketkit.Errno;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A descriptor received with SCM_RIGHTS, owned by the receiver: read, written and closed through
 * Netty's public {@link FileDescriptor}. Its calls and its close share a lock, so it is never closed
 * under a call (a read of a pipe that waits would hold close back; such a descriptor is the
 * caller's to make non-blocking).
 */
final class PassedDescriptor implements Descriptor {
    private final FileDescriptor fd;
    private boolean closed;

    PassedDescriptor(int fd) {
        this.fd = new FileDescriptor(fd);
    }

    @Override
    public synchronized int fd() {
        return closed ? -1 : fd.intValue();
    }

    @Override
    public synchronized int read(ByteBuffer buffer) throws IOException {
        check("read");
        ByteBuffer direct = buffer.isDirect() ? buffer : ByteBuffer.allocateDirect(buffer.remaining());
        int n;
        try {
            n = fd.read(direct, direct.position(), direct.limit());
        } catch (IOException e) {
            throw NettyErrors.translate(e, "read fd " + fd.intValue(), null);
        }
        if (n > 0) {
            if (direct == buffer) {
                buffer.position(buffer.position() + n);
            } else {
                buffer.put(direct.limit(n));
            }
        }
        return n;
    }

    @Override
    public synchronized int write(ByteBuffer buffer) throws IOException {
        check("write");
        ByteBuffer direct = buffer;
        if (!buffer.isDirect()) {
            direct = ByteBuffer.allocateDirect(buffer.remaining());
            direct.put(buffer.duplicate()).flip();
        }
        int n;
        try {
            n = fd.write(direct, direct.position(), direct.limit());
        } catch (IOException e) {
            throw NettyErrors.translate(e, "write fd " + fd.intValue(), null);
        }
        buffer.position(buffer.position() + n);
        return n;
    }

    private void check(String call) throws IOException {
        if (closed) {
            throw Errno.EBADF.newException(call + ": descriptor is closed", null);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            fd.close();
        }
    }

    @Override
    public String toString() {
        return "Descriptor[" + fd() + "]";
    }
}
