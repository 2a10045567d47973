package io.github.blobdownloader.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Images an engine can run: one layer holding a static busybox whose entrypoint prints a known line. Crafted
 * here (pushed through {@link RegistryApi}) or made by real tools (buildah, skopeo), so the plugin is tested
 * on what those tools write as well as on what the tests write.
 */
public final class RunnableImages {

    /** Debian's busybox-static: statically linked, so it runs in an image with nothing else. */
    public static final Path BUSYBOX = Path.of("/bin/busybox");

    private static final String BUSYBOX_HINT = "apt-get install -y busybox-static";

    private RunnableImages() {}

    /** The static busybox binary; fails with the install hint when it is missing. */
    public static byte[] busybox() {
        if (!Files.isRegularFile(BUSYBOX)) {
            throw new AssertionError(
                    BUSYBOX + " not found: install it with `" + BUSYBOX_HINT + "` (.ci/run does this on CI)");
        }
        try {
            return Files.readAllBytes(BUSYBOX);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + BUSYBOX + ": " + e, e);
        }
    }

    /** The entrypoint that prints {@code line}: {@code ["/busybox","echo",line]}. */
    public static List<String> echo(String line) {
        return List.of("/busybox", "echo", line);
    }

    /** Pushes a linux/amd64 image of one gzip layer holding {@code /busybox}, its entrypoint printing {@code line}. */
    public static PushedImage pushCrafted(
            RegistryApi api, String repo, String tag, TestImages.Format format, String line) {
        byte[] tar = TarGz.executableTar("busybox", busybox());
        byte[] layer = TarGz.gzip(tar);
        String layerDigest = api.pushBlob(repo, layer);
        byte[] config = (("{\"created\":\"" + TestImages.DEFAULT_CREATED
                        + "\",\"architecture\":\"amd64\",\"os\":\"linux\","
                        + "\"config\":{\"Entrypoint\":" + Json.array(echo(line)) + "},"
                        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digests.sha256(tar) + "\"]}}"))
                .getBytes(StandardCharsets.UTF_8);
        String configDigest = api.pushBlob(repo, config);
        byte[] manifest = ImageJson.manifest(
                format.manifestMediaType(),
                ImageJson.descriptor(format.configMediaType(), configDigest, config.length, null),
                List.of(ImageJson.descriptor(format.layerMediaType(), layerDigest, layer.length, null)));
        api.pushManifest(repo, tag, format.manifestMediaType(), manifest);
        return new PushedImage(
                repo,
                tag,
                Digests.sha256(manifest),
                format.manifestMediaType(),
                manifest,
                configDigest,
                config,
                List.of(new PushedImage.Layer(layerDigest, layer.length, format.layerMediaType(), layer)));
    }

    /**
     * Builds the busybox image with buildah ({@code from scratch}, {@code copy}, {@code config --entrypoint},
     * {@code commit}) and pushes it to {@code registry} as {@code repoAndTag}. The layer also holds
     * {@code /line} with {@code line}, so images with other lines share no layer: an engine skips loading a
     * layer it already has, which would hide what a test checks.
     *
     * @param format {@code oci} or {@code docker}: the media types buildah pushes
     */
    public static void buildWithBuildah(
            ExternalTool buildah, String registry, String repoAndTag, String format, String line) {
        busybox();
        String container = buildah.run("from", "scratch").strip();
        Path lineFile = null;
        try {
            lineFile = Files.createTempFile("line", ".txt");
            Files.writeString(lineFile, line + "\n");
            buildah.run("copy", container, BUSYBOX.toString(), "/busybox");
            buildah.run("copy", container, lineFile.toString(), "/line");
            buildah.run("config", "--entrypoint", Json.array(echo(line)), container);
            String image = "localhost/" + repoAndTag;
            buildah.run("commit", "--format", format, container, image);
            buildah.run(
                    "push", "--tls-verify=false", "--format", format, image, "docker://" + registry + "/" + repoAndTag);
        } catch (IOException e) {
            throw new AssertionError("cannot write the layer's /line file: " + e, e);
        } finally {
            buildah.run("rm", container);
            if (lineFile != null) {
                lineFile.toFile().delete();
            }
        }
    }

    /**
     * Makes a zstd copy of {@code source} with skopeo: through an OCI folder, since a copy between two
     * repositories of one registry would reuse the registry's gzip blobs.
     */
    public static void copyAsZstd(ExternalTool skopeo, Path scratch, String registry, String source, String target) {
        Path folder = scratch.resolve("zstd-copy");
        skopeo.run(
                "copy",
                "--src-tls-verify=false",
                "--dest-compress-format",
                "zstd",
                "docker://" + registry + "/" + source,
                "oci:" + folder + ":zstd");
        skopeo.run(
                "copy",
                "--dest-tls-verify=false",
                "--dest-compress-format",
                "zstd",
                "oci:" + folder + ":zstd",
                "docker://" + registry + "/" + target);
    }

    /**
     * Pushes an OCI artifact (the spec's empty config, one layer of a custom type), as ORAS and Helm push
     * them: a manifest that is no container image.
     */
    public static PushedImage pushArtifact(RegistryApi api, String repo, String tag) {
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] readme = "not a file system\n".getBytes(StandardCharsets.UTF_8);
        String configType = "application/vnd.oci.empty.v1+json";
        String layerType = "text/markdown";
        String configDigest = api.pushBlob(repo, config);
        String layerDigest = api.pushBlob(repo, readme);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
                        + "\"artifactType\":\"application/vnd.example.readme\",\"config\":"
                        + ImageJson.descriptor(configType, configDigest, config.length, null) + ",\"layers\":["
                        + ImageJson.descriptor(layerType, layerDigest, readme.length, null) + "]}")
                .getBytes(StandardCharsets.UTF_8);
        api.pushManifest(repo, tag, MediaTypes.OCI_MANIFEST, manifest);
        return new PushedImage(
                repo,
                tag,
                Digests.sha256(manifest),
                MediaTypes.OCI_MANIFEST,
                manifest,
                configDigest,
                config,
                List.of(new PushedImage.Layer(layerDigest, readme.length, layerType, readme)));
    }
}
