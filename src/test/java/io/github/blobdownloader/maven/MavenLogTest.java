package io.github.blobdownloader.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MavenLogTest {

    /** Named like the listener Maven 3.6.1+ and 4 set for -ntp and -q: the class name is all a plugin can see. */
    static final class QuietMavenTransferListener {}

    /** Stands for Maven's console or Slf4j transfer listener. */
    static final class ConsoleMavenTransferListener {}

    private final List<String> lines = new ArrayList<>();

    private org.apache.maven.plugin.logging.Log mojoLog() {
        return (org.apache.maven.plugin.logging.Log) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {org.apache.maven.plugin.logging.Log.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("is")) {
                        return true;
                    }
                    lines.add(method.getName() + " " + args[0]);
                    return null;
                });
    }

    @Test
    void withoutTransferProgressProgressLinesAreDroppedAndOthersKept() {
        MavenLog log = new MavenLog(mojoLog(), false);
        log.progress("registry.example/app:1.0: 1 MiB of 2 MiB (50%)");
        log.info("Pulled registry.example/app:1.0: 3 blob(s)");
        assertEquals(List.of("info Pulled registry.example/app:1.0: 3 blob(s)"), lines);
    }

    @Test
    void withTransferProgressProgressLinesAreInfo() {
        MavenLog log = new MavenLog(mojoLog(), true);
        log.progress("registry.example/app:1.0: 1 MiB of 2 MiB (50%)");
        assertEquals(List.of("info registry.example/app:1.0: 1 MiB of 2 MiB (50%)"), lines);
    }

    @Test
    void theQuietListenerOfNtpTurnsProgressOff() {
        assertFalse(MavenLog.showsTransferProgress(new QuietMavenTransferListener()));
        assertTrue(MavenLog.showsTransferProgress(new ConsoleMavenTransferListener()));
        assertTrue(MavenLog.showsTransferProgress((Object) null));
    }
}
