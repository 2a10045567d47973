package io.github.blobdownloader.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The seed layout's file extensions and the media type classes. */
class MediaTypesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            nullValues = "-",
            value = {
                "application/vnd.oci.image.layer.v1.tar+gzip,                           .tar.gz",
                "application/vnd.docker.image.rootfs.diff.tar.gzip,                     .tar.gz",
                "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip,             .tar.gz",
                "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip,          .tar.gz",
                "application/vnd.oci.image.layer.v1.tar+zstd,                           .tar.zst",
                "application/vnd.oci.image.layer.v1.tar,                                .tar",
                "application/vnd.docker.image.rootfs.diff.tar,                          .tar",
                "application/vnd.cncf.helm.chart.content.v1.tar+gzip,                   .tar.gz",
                "application/vnd.example.unknown,                                       .blob",
                "-,                                                                     .blob",
            })
    void layerFileExtension(String mediaType, String extension) {
        assertEquals(extension, MediaTypes.layerFileExtension(mediaType));
    }

    @Test
    void classifiesTypes() {
        assertTrue(MediaTypes.isIndex(MediaTypes.OCI_INDEX));
        assertTrue(MediaTypes.isIndex(MediaTypes.DOCKER_MANIFEST_LIST));
        assertFalse(MediaTypes.isIndex(MediaTypes.OCI_MANIFEST));
        assertTrue(MediaTypes.isImageManifest(MediaTypes.DOCKER_MANIFEST));
        assertFalse(MediaTypes.isImageManifest(MediaTypes.DOCKER_SCHEMA1));
        assertTrue(MediaTypes.isForeign("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"));
        assertTrue(MediaTypes.isForeign("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"));
        assertFalse(MediaTypes.isForeign("application/vnd.oci.image.layer.v1.tar+gzip"));
        assertEquals(
                MediaTypes.OCI_INDEX + ", " + MediaTypes.DOCKER_MANIFEST_LIST + ", " + MediaTypes.OCI_MANIFEST + ", "
                        + MediaTypes.DOCKER_MANIFEST,
                MediaTypes.acceptHeader());
    }
}
