package io.github.blobdownloader.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Checks the archive writers structurally (GNU tar / zstd CLI were used for manual checks). */
class TarGzTest {

    @Test
    void tarHasUstarHeaderValidChecksumAndTrailer() {
        byte[] content = "hello".getBytes(StandardCharsets.US_ASCII);
        byte[] tar = TarGz.uncompressedTar("dir/hello.txt", content);

        assertEquals(0, tar.length % 512);
        assertEquals(512 + 512 + 1024, tar.length);
        assertEquals("ustar", new String(tar, 257, 5, StandardCharsets.US_ASCII));
        assertEquals("dir/hello.txt", new String(tar, 0, 13, StandardCharsets.US_ASCII));
        assertEquals(5, Long.parseLong(new String(tar, 124, 11, StandardCharsets.US_ASCII), 8));

        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : tar[i] & 0xff;
        }
        assertEquals(sum, Long.parseLong(new String(tar, 148, 6, StandardCharsets.US_ASCII), 8));
        assertArrayEquals(content, Arrays.copyOfRange(tar, 512, 517));
        assertArrayEquals(new byte[1024], Arrays.copyOfRange(tar, tar.length - 1024, tar.length));
    }

    @Test
    void randomLayerIsDeterministicIncompressibleGzip() {
        byte[] a = TarGz.randomLayer(7, 100_000);
        assertArrayEquals(a, TarGz.randomLayer(7, 100_000));
        assertNotEquals(Digests.sha256(a), Digests.sha256(TarGz.randomLayer(8, 100_000)));
        assertTrue(a.length > 100_000 && a.length < 101_000, "size " + a.length);
        assertArrayEquals(TarGz.randomLayerTar(7, 100_000), TarGz.gunzip(a));
    }

    @Test
    void zstdStoredFrameRoundTripsAcrossBlocks() {
        byte[] data = TarGz.randomBytes(1, 300_000); // > two 128 KiB blocks
        assertArrayEquals(data, Zstd.decodeStored(Zstd.storedFrame(data)));
        assertArrayEquals(new byte[0], Zstd.decodeStored(Zstd.storedFrame(new byte[0])));
    }
}
