package io.github.blobdownloader.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;

/**
 * Hand-written image JSON (config, manifest, index), compact and deterministic. Exposed so tests
 * can also build documents they push themselves, e.g. deliberately inconsistent ones.
 */
public final class ImageJson {

    private ImageJson() {}

    /** A descriptor: {@code {"mediaType","digest","size"[,"urls"]}}. */
    public static String descriptor(String mediaType, String digest, long size, List<String> urls) {
        StringBuilder sb = new StringBuilder("{\"mediaType\":")
                .append(Json.quote(mediaType))
                .append(",\"digest\":")
                .append(Json.quote(digest))
                .append(",\"size\":")
                .append(size);
        if (urls != null && !urls.isEmpty()) {
            sb.append(",\"urls\":").append(array(urls));
        }
        return sb.append('}').toString();
    }

    /** Image config with rootfs diff_ids ({@code sha256:} of each uncompressed layer) and history. */
    public static byte[] config(Instant created, String os, String arch, String variantOrNull, List<String> diffIds) {
        return config(created, os, arch, variantOrNull, null, diffIds);
    }

    /** As above, with an {@code os.version} (Windows images carry their build). */
    public static byte[] config(
            Instant created,
            String os,
            String arch,
            String variantOrNull,
            String osVersionOrNull,
            List<String> diffIds) {
        String ts = Json.quote(created.toString());
        StringBuilder sb = new StringBuilder("{\"created\":")
                .append(ts)
                .append(",\"architecture\":")
                .append(Json.quote(arch))
                .append(",\"os\":")
                .append(Json.quote(os));
        if (variantOrNull != null) {
            sb.append(",\"variant\":").append(Json.quote(variantOrNull));
        }
        if (osVersionOrNull != null) {
            sb.append(",\"os.version\":").append(Json.quote(osVersionOrNull));
        }
        sb.append(",\"config\":{}")
                .append(",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":")
                .append(array(diffIds))
                .append('}');
        StringJoiner history = new StringJoiner(",", "[", "]");
        for (int i = 0; i < diffIds.size(); i++) {
            history.add("{\"created\":" + ts + ",\"created_by\":" + Json.quote("test-harness layer " + i) + "}");
        }
        sb.append(",\"history\":").append(history).append('}');
        return bytes(sb);
    }

    /** Schema 2 image manifest from a config descriptor and layer descriptors (as JSON objects). */
    public static byte[] manifest(String mediaType, String configDescriptor, List<String> layerDescriptors) {
        StringBuilder sb = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":")
                .append(Json.quote(mediaType))
                .append(",\"config\":")
                .append(configDescriptor)
                .append(",\"layers\":[")
                .append(String.join(",", layerDescriptors))
                .append(']')
                .append('}');
        return bytes(sb);
    }

    /** OCI index or Docker manifest list with a {@code platform} on every entry. */
    public static byte[] index(String mediaType, List<PushedImage> images) {
        StringJoiner manifests = new StringJoiner(",", "[", "]");
        for (PushedImage img : images) {
            String d = descriptor(img.mediaType(), img.manifestDigest(), img.manifestBytes().length, null);
            StringBuilder platform = new StringBuilder("{\"architecture\":")
                    .append(Json.quote(img.architecture()))
                    .append(",\"os\":")
                    .append(Json.quote(img.os()));
            if (img.variant() != null) {
                platform.append(",\"variant\":").append(Json.quote(img.variant()));
            }
            if (img.osVersion() != null) {
                platform.append(",\"os.version\":").append(Json.quote(img.osVersion()));
            }
            platform.append('}');
            manifests.add(d.substring(0, d.length() - 1) + ",\"platform\":" + platform + "}");
        }
        return bytes(new StringBuilder("{\"schemaVersion\":2,\"mediaType\":")
                .append(Json.quote(mediaType))
                .append(",\"manifests\":")
                .append(manifests)
                .append('}'));
    }

    private static String array(List<String> values) {
        return Json.array(values);
    }

    private static byte[] bytes(CharSequence json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
