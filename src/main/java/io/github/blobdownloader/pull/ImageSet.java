package io.github.blobdownloader.pull;

import io.github.blobdownloader.BlobDownloaderException;
import io.github.blobdownloader.Log;
import io.github.blobdownloader.Setting;
import io.github.blobdownloader.layout.DirectoryUnpacker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Several images in one execution ({@code <images>}). Each has an id (for properties and folders); images
 * that would share an output folder each get the subfolder {@code <id>} in it, so no two images ever
 * write the same file.
 */
public final class ImageSet {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    /**
     * One image to pull.
     *
     * @param id      its id, or {@code null} for the last part of its repository name
     * @param request what to pull and where
     */
    public record Job(String id, PullRequest request) {}

    /** What pulling one image did. */
    public record Outcome(String id, PullResult result) {}

    private ImageSet() {}

    /** Fills in ids, checks they are unique, and moves images sharing a folder into per-id subfolders. */
    public static List<Job> plan(List<Job> jobs) {
        List<Job> named = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Job job : jobs) {
            String id = job.id() != null && !job.id().isBlank() ? job.id().trim() : defaultId(job.request());
            if (!ID.matcher(id).matches()) {
                throw new BlobDownloaderException(
                        "invalid id '" + id + "' of the " + Setting.IMAGES + " entry "
                                + job.request().image() + ": use letters, digits, '.', '_' and '-'",
                        true);
            }
            if (!seen.add(id)) {
                throw new BlobDownloaderException(
                        "two entries in " + Setting.IMAGES + " have the id '" + id + "'; give each a distinct id",
                        true);
            }
            named.add(new Job(id, job.request()));
        }
        Map<Path, Integer> perFolder = new LinkedHashMap<>();
        named.forEach(j -> perFolder.merge(folder(j), 1, Integer::sum));
        return named.stream()
                .map(j -> perFolder.get(folder(j)) == 1
                        ? j
                        : new Job(
                                j.id(),
                                j.request().withOutputDirectory(folder(j).resolve(j.id()))))
                .toList();
    }

    /** Plans, then pulls the images one after another (each pull downloads its blobs in parallel). */
    public static List<Outcome> pullAll(List<Job> jobs, Log log) {
        return pullAll(jobs, null, log);
    }

    /** As {@link #pullAll(List, Log)}; {@code unpacker} unpacks the folders oras packed ({@code files} layout). */
    public static List<Outcome> pullAll(List<Job> jobs, DirectoryUnpacker unpacker, Log log) {
        ImagePuller puller = new ImagePuller(log, unpacker);
        List<Outcome> outcomes = new ArrayList<>();
        for (Job job : plan(jobs)) {
            outcomes.add(new Outcome(job.id(), puller.pull(job.request())));
        }
        return outcomes;
    }

    private static Path folder(Job job) {
        return job.request().outputDirectory().toAbsolutePath().normalize();
    }

    private static String defaultId(PullRequest request) {
        String repository = ImageResolver.reference(request).repository();
        return repository.substring(repository.lastIndexOf('/') + 1);
    }
}
