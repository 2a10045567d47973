package io.github.blobdownloader.http;

import java.io.IOException;
import java.io.InputStream;

/** A body stream that implements only the bulk read; a single-byte read goes through it. */
abstract class BodyStream extends InputStream {

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
}
