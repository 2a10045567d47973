package io.github.blobdownloader.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.reference.Hasher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsEngineTest {

    private static final Function<Path, NativeTls.Outcome> MISSING = folder ->
            new NativeTls.Outcome(null, new UnsatisfiedLinkError("no build for sparc"), "the JDK's (no build)");

    @TempDir
    Path folder;

    @Test
    void autoFallsBackToTheJdksTlsWhenBoringSslDoesNotLoad() throws Exception {
        TlsEngine engine = new TlsEngine(TlsEngine.Choice.AUTO, folder, MISSING);

        assertFalse(engine.isNative());
        assertSame(SSLContext.getDefault(), engine.jdkCas());
        assertEquals("SunJSSE", engine.trustingAnything().getProvider().getName());
        assertEquals("the JDK's (no build)", engine.describe());
    }

    @Test
    void nativeFailsAsTheUsersChoiceNamingTheSetting() {
        TlsEngine engine = new TlsEngine(TlsEngine.Choice.NATIVE, folder, MISSING);

        BlobDownloaderException e = assertThrows(BlobDownloaderException.class, engine::jdkCas);

        assertTrue(e.isUserError());
        assertEquals(
                "cannot use BoringSSL for TLS as ⟨tlsEngine=native⟩ asks: java.lang.UnsatisfiedLinkError: no build"
                        + " for sparc; set ⟨tlsEngine=auto⟩ to use the JDK's TLS where BoringSSL does not load",
                e.getMessage());
        assertTrue(e.getCause() instanceof UnsatisfiedLinkError);
    }

    @Test
    void autoUsesBoringSslWhereItLoads() {
        TlsEngine engine = TlsEngine.of(TlsEngine.Choice.AUTO, folder);

        assertTrue(engine.isNative(), engine.describe());
        assertEquals("Conscrypt", engine.jdkCas().getProvider().getName());
        assertSame(engine.jdkCas(), engine.jdkCas());
        assertSame(engine, TlsEngine.of(TlsEngine.Choice.AUTO, folder));
    }

    @Test
    void whereBoringSslLoadsItHashesSha256AndTheJdkTheRest() throws Exception {
        Hasher hasher = TlsEngine.of(TlsEngine.Choice.AUTO, folder).hasher();
        byte[] bytes = "hashed by BoringSSL".getBytes(StandardCharsets.UTF_8);
        Digest sha256 = Digest.sha256Of(bytes);
        Digest sha512 = Digest.parse("sha512:" + "0".repeat(128));

        MessageDigest md = hasher.newMessageDigest(sha256);
        md.update(bytes, 0, 6);
        MessageDigest copy = (MessageDigest) md.clone();
        md.update(bytes, 6, bytes.length - 6);

        assertEquals("Conscrypt", md.getProvider().getName());
        assertEquals(sha256, sha256.sameAlgorithm(md.digest()));
        copy.update(bytes, 6, bytes.length - 6);
        assertEquals(sha256, sha256.sameAlgorithm(copy.digest()), "a clone carries the state on");
        assertEquals("SUN", hasher.newMessageDigest(sha512).getProvider().getName());
    }

    /** Every digest starts empty, however much another one hashed (they are copies of one never used). */
    @Test
    void eachDigestOfBoringSslStartsEmpty() throws Exception {
        Hasher hasher = TlsEngine.of(TlsEngine.Choice.AUTO, folder).hasher();
        byte[] bytes = "one".getBytes(StandardCharsets.UTF_8);
        Digest sha256 = Digest.sha256Of(bytes);

        MessageDigest first = hasher.newMessageDigest(sha256);
        first.update("not this".getBytes(StandardCharsets.UTF_8));
        MessageDigest second = hasher.newMessageDigest(sha256);
        second.update(bytes);

        assertEquals(sha256, sha256.sameAlgorithm(second.digest()));
        assertEquals(
                Digest.sha256Of("not this".getBytes(StandardCharsets.UTF_8)), sha256.sameAlgorithm(first.digest()));
        assertEquals(
                sha256, sha256.sameAlgorithm(hasher.newMessageDigest(sha256).digest(bytes)));
        assertSame(hasher, TlsEngine.of(TlsEngine.Choice.AUTO, folder).hasher());
    }

    /** The download threads take their digests from one hasher at once, each hashing its own blob. */
    @Test
    void threadsHashWithOneHasherAtOnce() throws Exception {
        Hasher hasher = TlsEngine.of(TlsEngine.Choice.AUTO, folder).hasher();
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 200; i++) {
                        byte[] bytes = ("blob " + seed + " " + i).getBytes(StandardCharsets.UTF_8);
                        Digest expected = Digest.sha256Of(bytes);
                        MessageDigest md = hasher.newMessageDigest(expected);
                        md.update(bytes);
                        if (!expected.equals(expected.sameAlgorithm(md.digest()))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            start.countDown();
            for (Future<Boolean> result : results) {
                assertTrue(result.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withoutBoringSslTheJdkHashesEvenWhenNativeIsAskedFor() {
        assertSame(Hasher.JDK, new TlsEngine(TlsEngine.Choice.NATIVE, folder, MISSING).hasher());
        assertSame(Hasher.JDK, new TlsEngine(TlsEngine.Choice.AUTO, folder, MISSING).hasher());
        assertSame(
                Hasher.JDK,
                new TlsEngine(TlsEngine.Choice.JDK, folder, f -> {
                            throw new AssertionError("jdk loads nothing");
                        })
                        .hasher());
    }

    /** Client certificates from a key store, or a site's protocol rules, are the JDK's TLS's: auto keeps to it. */
    @Test
    void autoKeepsToTheJdksTlsWhenAJvmSettingOnlyItHonoursIsSet() {
        String before = System.getProperty("javax.net.ssl.keyStore");
        System.setProperty(
                "javax.net.ssl.keyStore", folder.resolve("client.p12").toString());
        try {
            TlsEngine engine = new TlsEngine(TlsEngine.Choice.AUTO, folder, f -> {
                throw new AssertionError("BoringSSL was loaded");
            });
            assertFalse(engine.isNative());
            assertEquals("the JDK's (javax.net.ssl.keyStore is set, which only it honours)", engine.describe());
            assertTrue(TlsEngine.of(TlsEngine.Choice.NATIVE, folder).isNative(), "native is the user's choice");
        } finally {
            if (before == null) {
                System.clearProperty("javax.net.ssl.keyStore");
            } else {
                System.setProperty("javax.net.ssl.keyStore", before);
            }
        }
    }

    @Test
    void jdkNeverLoadsBoringSsl() {
        TlsEngine engine = TlsEngine.of(TlsEngine.Choice.JDK, folder);

        assertFalse(engine.isNative());
        assertEquals("SunJSSE", engine.trustingAnything().getProvider().getName());
        assertTrue(engine.describe().contains("⟨tlsEngine⟩ is jdk"), engine.describe());
    }

    @Test
    void choicesParseInAnyCaseAndAnythingElseIsTheUsersMistake() {
        assertEquals(TlsEngine.Choice.NATIVE, TlsEngine.Choice.parse(" Native "));
        BlobDownloaderException e =
                assertThrows(BlobDownloaderException.class, () -> TlsEngine.Choice.parse("boringssl"));
        assertTrue(e.isUserError());
        assertEquals("⟨tlsEngine⟩ must be auto, jdk or native, was 'boringssl'", e.getMessage());
    }
}
