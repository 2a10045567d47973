package io.github.blobdownloader.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.json.JsonTrees;
import io.github.blobdownloader.layout.AtomicFiles;
import io.github.blobdownloader.reference.Digest;
import io.github.blobdownloader.reference.InvalidDigestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock file: pretty-printed JSON with one object per pin, sorted by key so that it diffs well and is
 * meant to be committed. {@code referrers} is there once a pull asked for them; {@code signature} when
 * signatures were checked: the manifest carrying the signature that verified the pin, so an offline build
 * verifies it again from the cache. Updates re-read the file and change only their own entry, under a lock per file,
 * so several images and parallel executions in one build can share it; the write is atomic.
 *
 * <pre>{@code
 * {
 *   "lockfileVersion" : 1,
 *   "images" : {
 *     "registry.example.com/team/app tagStrategy=semver linux/amd64" : {
 *       "image" : "registry.example.com/team/app",
 *       "tag" : "1.10.0",
 *       "platform" : "linux/amd64",
 *       "digest" : "sha256:…",
 *       "referrers" : [ { "digest" : "sha256:…", "artifactType" : "application/spdx+json" } ],
 *       "signature" : "sha256:…"
 *     }
 *   }
 * }
 * }</pre>
 */
public final class LockFile {

    private static final int VERSION = 1;
    /** One monitor per lock file in this JVM: Maven's parallel builds run executions on several threads. */
    private static final Map<Path, Object> MONITORS = new ConcurrentHashMap<>();

    private final Path file;

    public LockFile(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    public Path path() {
        return file;
    }

    /** The pin for {@code key}, if the file exists and has one. */
    public Optional<LockEntry> find(String key) {
        synchronized (monitor()) {
            return Optional.ofNullable(readAll().get(key));
        }
    }

    /** Every pin, sorted by key; empty when the file does not exist. */
    public List<LockEntry> entries() {
        synchronized (monitor()) {
            return List.copyOf(readAll().values());
        }
    }

    /** Adds or replaces {@code entry}, keeping every other pin; writes only when something changed. */
    public boolean record(LockEntry entry) {
        synchronized (monitor()) {
            Map<String, LockEntry> entries = readAll();
            if (entry.equals(entries.get(entry.key()))) {
                return false;
            }
            entries.put(entry.key(), entry);
            AtomicFiles.writeBytes(file, render(entries));
            return true;
        }
    }

    private Object monitor() {
        return MONITORS.computeIfAbsent(file, f -> new Object());
    }

    private Map<String, LockEntry> readAll() {
        Map<String, LockEntry> entries = new TreeMap<>();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return entries;
        } catch (IOException e) {
            throw new BlobDownloaderException(
                    "cannot read lock file " + file + " (" + Setting.LOCK_FILE + "): " + e.getMessage(), false, e);
        }
        try {
            JsonNode images = JsonTrees.read(bytes).path("images");
            var fields = images.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                JsonNode e = field.getValue();
                entries.put(
                        field.getKey(),
                        new LockEntry(
                                field.getKey(),
                                required(e, "image"),
                                required(e, "tag"),
                                required(e, "platform"),
                                Digest.parse(required(e, "digest")),
                                referrers(e),
                                e.hasNonNull("signature") ? Digest.parse(required(e, "signature")) : null));
            }
            return entries;
        } catch (IOException | InvalidDigestException | IllegalArgumentException e) {
            throw new BlobDownloaderException(
                    "lock file " + file + " is not valid (" + e.getMessage()
                            + "); fix it or delete it and run again to re-pin every image",
                    true,
                    e);
        }
    }

    private static List<LockEntry.Referrer> referrers(JsonNode entry) {
        JsonNode list = entry.get("referrers");
        if (list == null || list.isNull()) {
            return null;
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException("'referrers' is not a list");
        }
        List<LockEntry.Referrer> referrers = new ArrayList<>();
        for (JsonNode r : list) {
            JsonNode type = r.get("artifactType");
            referrers.add(new LockEntry.Referrer(
                    Digest.parse(required(r, "digest")), type != null && type.isTextual() ? type.asText() : null));
        }
        return referrers;
    }

    private static String required(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("an entry lacks '" + field + "'");
        }
        return value.asText();
    }

    private static byte[] render(Map<String, LockEntry> entries) {
        ObjectNode root = JsonTrees.object();
        root.put("lockfileVersion", VERSION);
        ObjectNode images = root.putObject("images");
        new TreeMap<>(entries).forEach((key, e) -> {
            ObjectNode node = images.putObject(key)
                    .put("image", e.image())
                    .put("tag", e.tag())
                    .put("platform", e.platform())
                    .put("digest", e.digest().toString());
            if (e.referrers() != null) {
                ArrayNode referrers = node.putArray("referrers");
                e.referrers()
                        .forEach(r -> referrers
                                .addObject()
                                .put("digest", r.digest().toString())
                                .put("artifactType", r.artifactType()));
            }
            if (e.signature() != null) {
                node.put("signature", e.signature().toString());
            }
        });
        return JsonTrees.prettyFile(root);
    }
}
