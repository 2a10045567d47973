package io.github.blobdownloader.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.report.DownloadReport;
import org.junit.jupiter.api.Test;

/** The {@code mediaTypes} globs, and which titles may name files. */
class MediaTypeFilterTest {

    @Test
    void exactTypesAndGlobs() {
        MediaTypeFilter filter =
                MediaTypeFilter.parse(" application/vnd.example.* , text/plain,*+json", Setting.MEDIA_TYPES);

        assertTrue(filter.accepts("application/vnd.example.config.v1+json"));
        assertTrue(filter.accepts("text/plain"));
        assertTrue(filter.accepts("application/spdx+json"));
        assertFalse(filter.accepts("text/plain+x"), "no glob, no prefix match");
        assertFalse(filter.accepts("application/vnd.examplex"));
        assertFalse(filter.accepts("application/vnd.oci.image.layer.v1.tar+gzip"));
        assertEquals("application/vnd.example.*, text/plain, *+json", filter.toString());
        assertTrue(MediaTypeFilter.parse("  ", Setting.MEDIA_TYPES).isAll());
        assertTrue(MediaTypeFilter.parse(null, Setting.MEDIA_TYPES).accepts("anything"));
    }

    @Test
    void aTypeWithRegexCharactersMatchesLiterally() {
        MediaTypeFilter filter = MediaTypeFilter.parse("application/vnd.a+json", Setting.MEDIA_TYPES);

        assertTrue(filter.accepts("application/vnd.a+json"));
        assertFalse(filter.accepts("application/vndXa+json"));
        assertFalse(filter.accepts("application/vnd.aajson"));
    }

    @Test
    void whatIsNoMediaTypeIsRefused() {
        BlobDownloaderException e = assertThrows(
                BlobDownloaderException.class, () -> MediaTypeFilter.parse("text/plain, a b", Setting.MEDIA_TYPES));

        assertTrue(e.isUserError());
        assertTrue(e.getMessage().startsWith("⟨mediaTypes⟩ has 'a b', which is no media type"), e.getMessage());
    }

    @Test
    void titles() {
        assertNull(FileTitles.problem("app.json"));
        assertNull(FileTitles.problem("conf/app.json"));
        assertNull(FileTitles.problem("manifest.json"), "the files layout writes no manifest.json");
        assertNull(FileTitles.problem("sub/download-report.json"));
        assertNull(FileTitles.problem(".hidden"));
        assertEquals(
                "it is the plugin's report file, download-report.json", FileTitles.problem("download-report.json"));
        assertEquals(DownloadReport.FILE_NAME, FileTitles.REPORT_FILE);
        assertTrue(FileTitles.collide("a", "a/b"));
        assertTrue(FileTitles.collide("a/b", "a"));
        assertFalse(FileTitles.collide("a", "ab"));
        assertFalse(FileTitles.collide("A", "a"));
    }
}
