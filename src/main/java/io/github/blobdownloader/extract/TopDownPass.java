package io.github.blobdownloader.extract;

import io.github.blobdownloader.extract.ChangesetPlan.WritePlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The first pass, top layer first: each layer is read once, its headers kept for {@link ChangesetPlan}, and a
 * file is written at once when no upper layer has anything at its path or above it that would hide it (an
 * entry, a whiteout, an opaque folder, a non-folder) and the filters keep it; the content of a file an upper
 * hard link names is kept aside even when its path is taken. This is a guess made from the upper layers'
 * headers alone: {@link #reconcile} then makes the tree exactly what the plan says (moving what was written
 * to another path, deleting what should not be there), and returns what is still missing, for a second
 * read of those layers only. On ordinary images the guess is the plan, and every layer is inflated once.
 */
final class TopDownPass {

    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final LinkOption NO_FOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final RootDirectory root;
    private final Path scratch;
    private final PathFilter filter;
    /** Off, nothing is written here and the second read writes every content: the tests compare both. */
    private final boolean guess;
    /** Paths an upper layer has an entry at, or a folder implied by one: what is lower there is replaced. */
    private final Set<String> claimed = new HashSet<>();
    /** Paths everything below which an upper layer hides: non-folders, whiteouts, opaque folders. */
    private final Set<String> hiddenBelow = new HashSet<>();
    /** The targets of upper hard links: their content may be needed at another path. */
    private final Set<String> linkTargets = new HashSet<>();
    /** Where each written entry's content is: the key is layer and entry index. */
    private final Map<Long, Path> written = new HashMap<>();
    /** The relative paths written in the tree, and every folder their writes may have created. */
    private final Set<String> writtenPaths = new HashSet<>();

    private final Set<String> createdDirectories = new HashSet<>();
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    TopDownPass(RootDirectory root, Path scratch, PathFilter filter, boolean guess) {
        this.root = root;
        this.scratch = scratch;
        this.filter = filter;
        this.guess = guess;
    }

    static long key(int layer, int seq) {
        return ((long) layer << 32) | seq;
    }

    long filesWritten() {
        return files.get();
    }

    long bytesWritten() {
        return bytes.get();
    }

    /** Reads layer {@code layer} (call from the top layer down); returns its headers. */
    List<LayerEntry> read(int layer, InputStream tar) throws IOException, UnsafeEntryException {
        Set<String> layerClaimed = new HashSet<>();
        Set<String> layerHidden = new HashSet<>();
        Set<String> layerTargets = new HashSet<>();
        List<LayerEntry> headers = new ArrayList<>();
        TarArchiveInputStream entries = LayerEntries.open(tar);
        byte[] buffer = new byte[LayerEntries.BUFFER];
        TarArchiveEntry raw;
        for (int seq = 0; (raw = entries.getNextEntry()) != null; seq++) {
            LayerEntry entry = LayerEntry.of(raw);
            headers.add(entry);
            EntryName name = parseOrNull(entry.name());
            if (name != null && !name.isRoot()) {
                note(name, entry, layerClaimed, layerHidden, layerTargets);
                if (entry.kind() == LayerEntry.Kind.FILE
                        && !name.baseName().startsWith(WHITEOUT)
                        && writeIfFinal(layer, seq, name, entry, entries, buffer)) {
                    continue;
                }
            }
            LayerEntries.drain(entries, buffer);
        }
        // A layer's whiteouts and entries hide only what is lower: merged once the layer is read.
        claimed.addAll(layerClaimed);
        hiddenBelow.addAll(layerHidden);
        linkTargets.addAll(layerTargets);
        return headers;
    }

    private static EntryName parseOrNull(String raw) {
        try {
            return EntryName.parse(raw);
        } catch (UnsafeEntryException e) {
            return null; // the plan refuses it, naming the layer and the entry
        }
    }

    private static void note(
            EntryName name, LayerEntry entry, Set<String> claimed, Set<String> hidden, Set<String> targets) {
        String base = name.baseName();
        if (base.startsWith(WHITEOUT)) {
            if (base.equals(OPAQUE)) {
                hidden.add(name.parent());
            } else if (!base.startsWith(WHITEOUT + WHITEOUT)) {
                String path = EntryName.join(name.parent(), base.substring(WHITEOUT.length()));
                claimed.add(path);
                hidden.add(path);
            }
            return;
        }
        if (entry.kind() == LayerEntry.Kind.DEVICE || entry.kind() == LayerEntry.Kind.OTHER) {
            return;
        }
        for (String path = name.path(); claimed.add(path); ) {
            int slash = path.lastIndexOf('/');
            if (slash < 0) {
                break;
            }
            path = path.substring(0, slash);
        }
        if (entry.kind() != LayerEntry.Kind.DIRECTORY) {
            hidden.add(name.path());
        }
        if (entry.kind() == LayerEntry.Kind.HARD_LINK) {
            EntryName target = parseOrNull(entry.linkName());
            if (target != null) {
                targets.add(target.path());
            }
        }
    }

    private boolean writeIfFinal(
            int layer, int seq, EntryName name, LayerEntry entry, InputStream content, byte[] buffer)
            throws IOException, UnsafeEntryException {
        String path = name.path();
        Path target;
        if (!guess) {
            return false;
        } else if (!shadowed(path) && filter.keeps(path) && free(path)) {
            target = root.prepare(name);
            writtenPaths.add(path);
            for (String parent = name.parent(); !parent.isEmpty(); parent = new EntryName(parent).parent()) {
                createdDirectories.add(parent);
            }
        } else if (linkTargets.contains(path)) {
            target = scratch.resolve(layer + "-" + seq);
        } else {
            return false;
        }
        try (OutputStream out =
                Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            bytes.addAndGet(LayerEntries.copy(content, out, buffer));
        }
        PlanWriter.setMetadata(target, entry.mode(), entry.mtime());
        files.incrementAndGet();
        written.put(key(layer, seq), target);
        return true;
    }

    private boolean shadowed(String path) {
        if (claimed.contains(path)) {
            return true;
        }
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            if (hiddenBelow.contains(path.substring(0, slash))) {
                return true;
            }
        }
        return hiddenBelow.contains("");
    }

    /** Nothing written at the path or above it in the tree (a same-layer replacement: left to the plan). */
    private boolean free(String path) throws IOException {
        for (String p = path; ; p = p.substring(0, p.lastIndexOf('/'))) {
            if (writtenPaths.contains(p)) {
                return false;
            }
            if (p.indexOf('/') < 0) {
                break;
            }
        }
        return RootDirectory.attributes(root.root().resolve(path)) == null;
    }

    /**
     * Makes the tree what {@code plan} says: every planned content written here is moved to its path (or left
     * where it is), everything else written is deleted, as are folders the plan does not have; returns, per
     * layer, the planned contents nothing wrote, to be read again.
     */
    Map<Integer, Map<Integer, WritePlan.File>> reconcile(WritePlan plan) throws IOException {
        Map<Integer, Map<Integer, WritePlan.File>> missing = new HashMap<>();
        Set<Path> used = new HashSet<>();
        Map<Path, Path> moves = new HashMap<>();
        int aside = 0;
        for (Map.Entry<Integer, Map<Integer, WritePlan.File>> layer : plan.files.entrySet()) {
            for (Map.Entry<Integer, WritePlan.File> each : layer.getValue().entrySet()) {
                Path at = written.get(key(layer.getKey(), each.getKey()));
                Path wanted = root.root().resolve(each.getValue().path());
                if (at == null) {
                    missing.computeIfAbsent(layer.getKey(), l -> new HashMap<>())
                            .put(each.getKey(), each.getValue());
                } else if (at.equals(wanted)) {
                    used.add(at);
                } else {
                    // Aside first: its path, or the one it goes to, may hold something else for now.
                    Path temporary = scratch.resolve("moved-" + aside++);
                    Files.move(at, temporary);
                    moves.put(temporary, wanted);
                }
            }
        }
        for (Path at : written.values()) {
            if (!used.contains(at)) {
                Files.deleteIfExists(at);
            }
        }
        Set<String> planned = new HashSet<>();
        plan.directories.forEach(d -> planned.add(d.path()));
        List<String> extra = createdDirectories.stream()
                .filter(d -> !planned.contains(d))
                .sorted(Comparator.comparing(String::length).reversed())
                .toList();
        for (String directory : extra) {
            RootDirectory.deleteTree(root.root().resolve(directory));
        }
        for (WritePlan.Directory directory : plan.directories) {
            Path path = root.root().resolve(directory.path());
            if (!Files.isDirectory(path, NO_FOLLOW)) {
                RootDirectory.createDirectory(path);
            }
        }
        for (Map.Entry<Path, Path> move : moves.entrySet()) {
            Files.move(move.getKey(), move.getValue());
        }
        return missing;
    }
}
