package io.github.blobdownloader.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.blobdownloader.BlobDownloaderException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class FailureDetailsTest {

    private static final String LINE = "cannot reach registry r:1 after 1 attempt(s): Connection refused";

    @Test
    void everyLinkRepeatsTheLineSoMavensMessageDoesNotGrow() {
        FailureDetails details = FailureDetails.of(
                LINE,
                new BlobDownloaderException(
                        LINE,
                        false,
                        new IOException(
                                "wrapper", new ConnectException("PKIX path building failed: a long JDK text"))));
        int links = 0;
        for (Throwable t = details; t != null; t = t.getCause()) {
            assertEquals(LINE, t.getMessage());
            links++;
        }
        assertEquals(3, links, "one link per exception of the real chain");
    }

    @Test
    void minusEShowsTheRealChain() {
        ConnectException root = new ConnectException("Connection refused");
        FailureDetails details = FailureDetails.of(LINE, new BlobDownloaderException(LINE, false, root));
        StringWriter trace = new StringWriter();
        details.printStackTrace(new PrintWriter(trace));
        String printed = trace.toString();
        assertTrue(printed.startsWith("io.github.blobdownloader.BlobDownloaderException: " + LINE), printed);
        assertTrue(printed.contains("Caused by: java.net.ConnectException: Connection refused"), printed);
        assertEquals(root, details.getSuppressed()[0].getCause(), "the real chain travels along, for Maven 3.9+");
        assertTrue(
                printed.contains("at io.github.blobdownloader.maven.FailureDetailsTest.minusEShowsTheRealChain"),
                printed);
    }
}
