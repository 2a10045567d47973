package io.github.blobdownloader.extract;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.UntrustedText;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The OCI changeset rules, applied lowest layer first to the layers' headers only: an in-memory tree that
 * ends as the image's file system, so that writing it touches each final path once and never writes what a
 * later layer deletes or replaces, or what the filters drop. Whiteouts and opaque directories hide what lower
 * layers had (never what the same layer wrote), an entry replaces whatever was at its path, a directory over
 * a directory merges (the upper metadata wins), and a hard link shares its target's content as it was when
 * the link was made, whatever replaces the target later. Every refusal (an entry below a symlink, a hard
 * link to a path no entry wrote) is decided here, before any file is written.
 */
final class ChangesetPlan {

    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    private final Node root = Node.directory();
    /** What the current layer wrote, and their parents: whiteouts of the same layer leave these alone. */
    private final Set<String> touchedByLayer = new HashSet<>();

    private int devices;
    private String firstDevice;
    private int entries;

    /**
     * Applies one layer's headers; {@code layer} is its index, lowest first.
     *
     * @param label how messages name the layer ({@code layer 2/3 (sha256:…) of <image>})
     */
    void apply(int layer, List<LayerEntry> headers, String label) {
        touchedByLayer.clear();
        for (int seq = 0; seq < headers.size(); seq++) {
            LayerEntry entry = headers.get(seq);
            entries++;
            try {
                applyEntry(layer, seq, entry);
            } catch (UnsafeEntryException e) {
                throw new BlobDownloaderException(
                        label + " has the entry '" + UntrustedText.printable(entry.name())
                                + "', refused because " + e.getMessage()
                                + ": applying it could write outside the output."
                                + " Nothing was extracted; use an image you trust",
                        false);
            }
        }
    }

    private void applyEntry(int layer, int seq, LayerEntry entry) throws UnsafeEntryException {
        EntryName name = EntryName.parse(entry.name());
        if (name.isRoot()) {
            return;
        }
        String base = name.baseName();
        if (base.startsWith(WHITEOUT)) {
            whiteout(name, base);
            return;
        }
        switch (entry.kind()) {
            case DEVICE -> {
                if (devices++ == 0) {
                    firstDevice = name.path();
                }
                return;
            }
            case OTHER -> {
                return;
            }
            case SYMLINK -> symlink(name, entry);
            case HARD_LINK -> hardLink(name, entry);
            case DIRECTORY -> directory(name, entry);
            case FILE -> put(name, Node.file(new Content(layer, seq, entry.mode(), entry.mtime(), entry.size())));
        }
        markWritten(name.path());
    }

    private void directory(EntryName name, LayerEntry entry) throws UnsafeEntryException {
        Node parent = prepare(name);
        Node existing = parent.children.get(name.baseName());
        if (existing == null || existing.kind != Node.Kind.DIRECTORY) {
            existing = Node.directory();
            parent.children.put(name.baseName(), existing);
        }
        existing.metadata = new Metadata(entry.mode(), entry.mtime());
    }

    private void symlink(EntryName name, LayerEntry entry) throws UnsafeEntryException {
        String target = entry.linkName();
        if (target.isEmpty() || target.indexOf('\0') >= 0) {
            throw new UnsafeEntryException("it is a symlink without a valid target");
        }
        put(name, Node.symlink(target, entry.mtime()));
    }

    private void hardLink(EntryName name, LayerEntry entry) throws UnsafeEntryException {
        EntryName targetName;
        try {
            targetName = EntryName.parse(entry.linkName());
        } catch (UnsafeEntryException e) {
            throw new UnsafeEntryException("it is a hard link to '" + UntrustedText.printable(entry.linkName())
                    + "', outside the image (" + e.getMessage() + ")");
        }
        Node targetParent = walk(targetName.parent(), false);
        Node target = targetName.isRoot()
                ? root
                : targetParent == null ? null : targetParent.children.get(targetName.baseName());
        if (target == null) {
            throw new UnsafeEntryException(
                    "it is a hard link to '" + targetName.path() + "', which no earlier entry wrote");
        }
        if (target.kind == Node.Kind.DIRECTORY) {
            throw new UnsafeEntryException("it is a hard link to the directory '" + targetName.path() + "'");
        }
        Node parent = prepare(name);
        if (parent.children.get(name.baseName()) == target) {
            return;
        }
        // The same content (one inode), whatever later entries do at the target's path.
        parent.children.put(name.baseName(), target.copy());
    }

    /** {@code .wh.<name>} hides the lower {@code <name>}; {@code .wh..wh..opq} everything lower in its folder. */
    private void whiteout(EntryName name, String base) throws UnsafeEntryException {
        Node folder = walk(name.parent(), false);
        if (base.startsWith(WHITEOUT + WHITEOUT) && !base.equals(OPAQUE)) {
            return; // other aufs metadata (.wh..wh.plnk, .wh..wh.aufs): no file of the image
        }
        if (folder == null) {
            return; // nothing lower to hide
        }
        if (base.equals(OPAQUE)) {
            for (String child : List.copyOf(folder.children.keySet())) {
                hideLower(folder, child, EntryName.join(name.parent(), child));
            }
            return;
        }
        String hidden = base.substring(WHITEOUT.length());
        if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
            throw new UnsafeEntryException("it is a whiteout of '" + hidden + "'");
        }
        hideLower(folder, hidden, EntryName.join(name.parent(), hidden));
    }

    /** Drops what lower layers left at {@code relative}, keeping what this layer wrote there. */
    private void hideLower(Node folder, String child, String relative) {
        Node node = folder.children.get(child);
        if (node == null) {
            return;
        }
        if (!touchedByLayer.contains(relative)) {
            folder.children.remove(child);
        } else if (node.kind == Node.Kind.DIRECTORY) {
            for (String grandChild : List.copyOf(node.children.keySet())) {
                hideLower(node, grandChild, EntryName.join(relative, grandChild));
            }
        }
    }

    private void put(EntryName name, Node node) throws UnsafeEntryException {
        prepare(name).children.put(name.baseName(), node);
    }

    /**
     * The parent directory of {@code name}, missing parents created; a parent that is a symlink is refused,
     * one that is a file is replaced by a directory, as a later layer's entry below it implies.
     */
    private Node prepare(EntryName name) throws UnsafeEntryException {
        return walk(name.parent(), true);
    }

    /** The directory {@code relative}, or {@code null} when some part is missing (and not to be created). */
    private Node walk(String relative, boolean create) throws UnsafeEntryException {
        Node current = root;
        if (relative.isEmpty()) {
            return current;
        }
        String sofar = "";
        for (String part : relative.split("/")) {
            sofar = EntryName.join(sofar, part);
            Node child = current.children.get(part);
            if (child != null && child.kind == Node.Kind.SYMLINK) {
                throw new UnsafeEntryException("its parent '" + sofar + "' is a symlink (to '" + child.target
                        + "'), which an earlier entry planted");
            }
            if (child == null || child.kind != Node.Kind.DIRECTORY) {
                if (!create) {
                    return null;
                }
                child = Node.directory();
                current.children.put(part, child);
            }
            current = child;
        }
        return current;
    }

    private void markWritten(String relative) {
        for (String path = relative; touchedByLayer.add(path); ) {
            int slash = path.lastIndexOf('/');
            if (slash < 0) {
                break;
            }
            path = path.substring(0, slash);
        }
    }

    /** What to write: the final tree, less what {@code filter} drops. */
    WritePlan finish(PathFilter filter) {
        WritePlan plan = new WritePlan(devices, firstDevice, entries);
        IdentityHashMap<Content, String> written = new IdentityHashMap<>();
        collect(root, "", filter, plan, written);
        return plan;
    }

    /** @return whether anything at or below {@code path} is kept */
    private boolean collect(
            Node node, String path, PathFilter filter, WritePlan plan, IdentityHashMap<Content, String> written) {
        switch (node.kind) {
            case DIRECTORY -> {
                int at = plan.directories.size();
                if (!path.isEmpty()) {
                    plan.directories.add(new WritePlan.Directory(path, node.metadata));
                }
                boolean keptBelow = false;
                for (Map.Entry<String, Node> child : node.children.entrySet()) {
                    keptBelow |= collect(child.getValue(), EntryName.join(path, child.getKey()), filter, plan, written);
                }
                if (keptBelow || path.isEmpty() || filter.keeps(path)) {
                    return true;
                }
                plan.directories.subList(at, plan.directories.size()).clear();
                return false;
            }
            case SYMLINK -> {
                if (!filter.keeps(path)) {
                    return false;
                }
                plan.symlinks.add(new WritePlan.Symlink(path, node.target, node.mtime));
                return true;
            }
            default -> {
                if (!filter.keeps(path)) {
                    return false;
                }
                String first = written.putIfAbsent(node.content, path);
                if (first == null) {
                    plan.files
                            .computeIfAbsent(node.content.layer(), l -> new HashMap<>())
                            .put(node.content.seq(), new WritePlan.File(path, node.content));
                } else {
                    plan.hardLinks.add(new WritePlan.HardLink(path, first));
                }
                return true;
            }
        }
    }

    /** One regular file's content: the entry that carries it, and its inode's mode and mtime. */
    record Content(int layer, int seq, int mode, FileTime mtime, long size) {}

    record Metadata(int mode, FileTime mtime) {}

    /** A path of the tree being built: a directory, a file (its content shared by hard links) or a symlink. */
    private static final class Node {
        enum Kind {
            DIRECTORY,
            FILE,
            SYMLINK
        }

        final Kind kind;
        /** A directory's children, sorted so the plan (and so the writes) come in a stable order. */
        final Map<String, Node> children;

        Metadata metadata;
        Content content;
        String target;
        FileTime mtime;

        private Node(Kind kind) {
            this.kind = kind;
            this.children = kind == Kind.DIRECTORY ? new TreeMap<>() : Map.of();
        }

        static Node directory() {
            return new Node(Kind.DIRECTORY);
        }

        static Node file(Content content) {
            Node node = new Node(Kind.FILE);
            node.content = content;
            return node;
        }

        static Node symlink(String target, FileTime mtime) {
            Node node = new Node(Kind.SYMLINK);
            node.target = target;
            node.mtime = mtime;
            return node;
        }

        /** Another path to the same file: a hard link (to a symlink, too: link(2) does not follow it). */
        Node copy() {
            return kind == Kind.FILE ? file(content) : symlink(target, mtime);
        }
    }

    /** What writing the planned tree does: directories first, then the layers' file contents, then links. */
    static final class WritePlan {
        /** Parents before children; metadata {@code null} for a directory only implied by entries below it. */
        final List<Directory> directories = new ArrayList<>();
        /** Per layer index, per entry index: where the entry's content goes. */
        final Map<Integer, Map<Integer, File>> files = new HashMap<>();

        final List<HardLink> hardLinks = new ArrayList<>();
        final List<Symlink> symlinks = new ArrayList<>();
        final int devices;
        final String firstDevice;
        final int entries;

        WritePlan(int devices, String firstDevice, int entries) {
            this.devices = devices;
            this.firstDevice = firstDevice;
            this.entries = entries;
        }

        record Directory(String path, Metadata metadata) {}

        record File(String path, Content content) {}

        record HardLink(String path, String existing) {}

        record Symlink(String path, String target, FileTime mtime) {}
    }
}
