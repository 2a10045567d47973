package io.github.blobdownloader.pull;

import io.github.blobdownloader.testing.PushedImage;
import io.github.blobdownloader.testing.RecordingLog;
import io.github.blobdownloader.testing.RegistryApi;
import io.github.blobdownloader.testing.RegistryServer;
import io.github.blobdownloader.testing.ScriptedRegistryProxy;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real registry per test class, and per test a freshly pushed image behind a new
 * {@link ScriptedRegistryProxy}. A subclass may hide {@link #startRegistry()} to start another kind.
 */
abstract class ProxiedRegistryTest {

    private static final AtomicInteger REPOS = new AtomicInteger();
    static RegistryServer registry;
    static RegistryApi api;

    ScriptedRegistryProxy proxy;
    PushedImage image;
    final RecordingLog log = new RecordingLog();

    @TempDir
    Path out;

    @BeforeAll
    static void startRegistry() {
        registry = RegistryServer.builder().start();
        api = new RegistryApi(registry.baseUri());
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    /** Pushes this test's image; {@code n} is unique, for repository names and seeds. */
    abstract PushedImage push(int n);

    @BeforeEach
    void pushAndProxy() {
        image = push(REPOS.incrementAndGet());
        proxy = ScriptedRegistryProxy.start(registry.baseUri());
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }
}
