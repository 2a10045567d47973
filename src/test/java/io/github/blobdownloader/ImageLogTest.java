package io.github.blobdownloader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.blobdownloader.testing.RecordingLog;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageLogTest {

    private final RecordingLog recorded = new RecordingLog();
    private final Log log = ImageLog.naming(recorded, "registry.example/team/app", "registry.example/team/app:1.0");

    @Test
    void aLineThatNamesTheImageIsPassedOnAsItIs() {
        log.info("Resolved registry.example/team/app:1.0 to sha256:abc");
        log.progress("registry.example/team/app:1.0: 1 MiB of 2 MiB (50%)");
        assertEquals(
                List.of(
                        "INFO Resolved registry.example/team/app:1.0 to sha256:abc",
                        "INFO registry.example/team/app:1.0: 1 MiB of 2 MiB (50%)"),
                recorded.lines());
    }

    @Test
    void anyOtherInfoOrWarningGetsTheImageAtItsEnd() {
        log.info("Using credentials for registry.example: user 'ci' from settings.xml server 'x'");
        log.warn("Could not delete a working folder");
        log.debug("GET /v2/ -> 401");
        assertEquals(
                List.of(
                        "INFO Using credentials for registry.example: user 'ci' from settings.xml server 'x'"
                                + " (for registry.example/team/app:1.0)",
                        "WARN Could not delete a working folder (for registry.example/team/app:1.0)",
                        "DEBUG GET /v2/ -> 401"),
                recorded.lines());
    }

    @Test
    void namingTheSameImageTwiceAddsItOnce() {
        Log again = ImageLog.naming(log, "registry.example/team/app", "registry.example/team/app:1.0");
        again.info("Skipped a foreign layer");
        assertEquals(List.of("INFO Skipped a foreign layer (for registry.example/team/app:1.0)"), recorded.lines());
    }
}
