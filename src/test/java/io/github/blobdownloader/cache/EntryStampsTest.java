package io.github.blobdownloader.cache;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stamps on real files: taken, matched, broken by a write, and understood in the format of earlier versions. */
class EntryStampsTest {

    @TempDir
    Path dir;

    private Path entry() throws Exception {
        Path entry = dir.resolve("abc");
        Files.writeString(entry, "content");
        return entry;
    }

    private Path stampOf(Path entry) {
        return entry.resolveSibling("." + entry.getFileName() + ".ctime");
    }

    @Test
    void aStampedEntryIsUnchangedUntilItIsWritten() throws Exception {
        Path entry = entry();
        assertFalse(EntryStamps.unchanged(entry), "no stamp yet");
        EntryStamps.stamp(entry);
        assertTrue(EntryStamps.unchanged(entry));
        Thread.sleep(20);
        Files.writeString(entry, "tampered");
        assertFalse(EntryStamps.unchanged(entry));
    }

    @Test
    void aStampInTheFormatOfEarlierVersionsIsUnderstood() throws Exception {
        Path entry = entry();
        FileTime ctime = (FileTime) Files.getAttribute(entry, "unix:ctime");
        Files.writeString(stampOf(entry), ctime.toInstant().toString(), StandardCharsets.US_ASCII);
        assertTrue(EntryStamps.unchanged(entry));
        Files.writeString(stampOf(entry), "2020-01-01T00:00:00Z", StandardCharsets.US_ASCII);
        assertFalse(EntryStamps.unchanged(entry));
    }
}
